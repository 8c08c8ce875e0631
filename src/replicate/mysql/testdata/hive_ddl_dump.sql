-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB
/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE `all_types` (
  `id` bigint(20) unsigned NOT NULL,
  `region` char(2) NOT NULL,
  `ti` tinyint(4) DEFAULT NULL,
  `tiu` tinyint(3) unsigned DEFAULT NULL,
  `si` smallint(6) DEFAULT NULL,
  `siu` smallint(5) unsigned DEFAULT NULL,
  `mi` mediumint(9) DEFAULT NULL,
  `miu` mediumint(8) unsigned DEFAULT NULL,
  `i` int(11) DEFAULT NULL,
  `iu` int(10) unsigned zerofill DEFAULT NULL,
  `bi` bigint(20) DEFAULT NULL,
  `flag` tinyint(1) DEFAULT NULL,
  `price` decimal(10,2) DEFAULT NULL,
  `huge` decimal(65,30) DEFAULT NULL,
  `f` float DEFAULT NULL,
  `d` double DEFAULT NULL,
  `b1` bit(1) DEFAULT NULL,
  `b8` bit(8) DEFAULT NULL,
  `y` year(4) DEFAULT NULL,
  `dt` date DEFAULT NULL,
  `dtm` datetime(6) DEFAULT NULL,
  `ts` timestamp NULL DEFAULT NULL,
  `tm` time DEFAULT NULL,
  `c` char(10) DEFAULT NULL,
  `vc` varchar(255) DEFAULT NULL,
  `tt` tinytext,
  `lt` longtext,
  `bin` binary(4) DEFAULT NULL,
  `vb` varbinary(16) DEFAULT NULL,
  `bl` blob,
  `lb` longblob,
  `e` enum('a','b') DEFAULT NULL,
  `s` set('x','y') DEFAULT NULL,
  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`j`)),
  `u` uuid DEFAULT NULL,
  PRIMARY KEY (`id`,`region`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `all_types` VALUES (1,'eu',-1,255,-2,65535,-3,16777215,-4,0000000005,-6,1,1.50,NULL,1.5,2.5,b'1',b'10000001',2024,'2024-03-01','2024-03-01 12:00:00.000001','2024-03-01 12:00:00','-01:02:03','c','vc','tt','lt',0x61620000,0x00,0x01,NULL,'b','x,y','{\"a\":1}','00000000-0000-0000-0000-000000000001');
CREATE TABLE `nokey` (`msg` text, `row_key` int);
INSERT INTO `nokey` VALUES ('a',1);
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
/*!50001 VIEW `cheap` AS select `all_types`.`id` AS `id`,`all_types`.`price` AS `price` from `all_types` where `all_types`.`price` < 10 */;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
/*!50001 VIEW `named` AS select ifnull(`all_types`.`vc`,'none') AS `v` from `all_types` */;
/*!50001 CREATE VIEW `latin` AS select _utf8mb4'x' AS `x` */;
/*!50001 CREATE VIEW `paged` AS select `id` from `all_types` limit 2,3 */;
-- Dump completed on 2024-03-01 12:34:56
