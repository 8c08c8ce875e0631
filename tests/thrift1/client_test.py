#!/usr/bin/python3
"""A Python client of Cellar's Thrift v1 gateway, calling it the way happybase does.

Usage: client_test.py <gen-py dir> <port>

<gen-py dir> holds the code `thrift --gen py` made from src/protocol/thrift1/Hbase.thrift.
Uses the buffered transport and the binary protocol (happybase's defaults). Exits 0 when every
answer is as expected, 1 with a message on the first mismatch.
"""

import struct
import sys

sys.path.insert(0, sys.argv[1])

from thrift.protocol import TBinaryProtocol  # noqa: E402
from thrift.transport import TSocket, TTransport  # noqa: E402

from hbase import Hbase  # noqa: E402
from hbase.ttypes import (  # noqa: E402
    AlreadyExists, BatchMutation, ColumnDescriptor, IllegalArgument, IOError, Mutation, TScan)

TABLE = b'pytable'


def check(label, actual, expected):
    if actual != expected:
        print('MISMATCH %s:\n  expected %r\n  actual   %r' % (label, expected, actual))
        sys.exit(1)
    print('ok %s' % label)


def expect_error(label, exc_type, fn, *args):
    try:
        fn(*args)
    except exc_type as e:
        print('ok %s (%s)' % (label, e.message))
        return
    except Exception as e:  # noqa: BLE001
        print('MISMATCH %s: raised %r instead of %s' % (label, e, exc_type.__name__))
        sys.exit(1)
    print('MISMATCH %s: no %s raised' % (label, exc_type.__name__))
    sys.exit(1)


def row_dict(results):
    """happybase's make_row: {b'cf:q': value} for the single TRowResult, or {}."""
    if not results:
        return {}
    return {column: cell.value for column, cell in results[0].columns.items()}


def scan(client, **kwargs):
    """happybase's Table.scan: scannerOpenWithScan, scannerGetList until empty, scannerClose."""
    tscan = TScan(caching=1000, sortColumns=False, **kwargs)
    scan_id = client.scannerOpenWithScan(TABLE, tscan, {})
    rows = []
    while True:
        batch = client.scannerGetList(scan_id, 2)
        if not batch:
            break
        rows.extend((r.row, {c: cell.value for c, cell in r.columns.items()}) for r in batch)
    client.scannerClose(scan_id)
    return rows


def put(client, row, data, timestamp=None):
    """happybase's Table.put through a Batch: mutateRows, or mutateRowsTs with a timestamp."""
    mutations = [Mutation(isDelete=False, column=c, value=v, writeToWAL=True)
                 for c, v in sorted(data.items())]
    batches = [BatchMutation(row=row, mutations=mutations)]
    if timestamp is None:
        client.mutateRows(TABLE, batches, {})
    else:
        client.mutateRowsTs(TABLE, batches, timestamp, {})


def main():
    socket = TSocket.TSocket('127.0.0.1', int(sys.argv[2]))
    socket.setTimeout(10000)
    transport = TTransport.TBufferedTransport(socket)
    client = Hbase.Client(TBinaryProtocol.TBinaryProtocol(transport))
    transport.open()

    check('server type', client.getThriftServerType(), 1)

    # happybase create_table: names get a trailing ':'; its IDL's timeToLive default is -1.
    client.createTable(TABLE, [ColumnDescriptor(name=b'cf:', maxVersions=3, timeToLive=-1),
                               ColumnDescriptor(name=b'other:')])
    expect_error('create existing', AlreadyExists, client.createTable, TABLE,
                 [ColumnDescriptor(name=b'cf:')])
    check('tables', client.getTableNames(), [TABLE])
    descriptors = client.getColumnDescriptors(TABLE)
    check('families', sorted(descriptors), [b'cf:', b'other:'])
    check('cf versions', descriptors[b'cf:'].maxVersions, 3)
    check('cf ttl', descriptors[b'cf:'].timeToLive, 2147483647)
    check('regions', [(r.startKey, r.endKey) for r in client.getTableRegions(TABLE)],
          [(b'', b'')])

    put(client, b'row1', {b'cf:a': b'1', b'cf:b': b'x'})
    put(client, b'row2', {b'cf:a': b'2', b'other:z': b'zz'})
    put(client, b'row3', {b'cf:a': b'3'})
    put(client, b'old', {b'cf:a': b'v10'}, timestamp=10)
    put(client, b'old', {b'cf:a': b'v20'}, timestamp=20)

    # table.row / table.cells / table.rows
    check('row', row_dict(client.getRow(TABLE, b'row1', {})), {b'cf:a': b'1', b'cf:b': b'x'})
    check('row columns', row_dict(client.getRowWithColumns(TABLE, b'row2', [b'other'], {})),
          {b'other:z': b'zz'})
    check('row missing', client.getRow(TABLE, b'nope', {}), [])
    check('row ts (exclusive)', row_dict(client.getRowTs(TABLE, b'old', 20, {})),
          {b'cf:a': b'v10'})
    check('cells', [(c.value, c.timestamp) for c in client.getVer(TABLE, b'old', b'cf:a', 5, {})],
          [(b'v20', 20), (b'v10', 10)])
    check('get', [c.value for c in client.get(TABLE, b'row3', b'cf:a', {})], [b'3'])
    check('rows', [r.row for r in client.getRows(TABLE, [b'row1', b'missing', b'row3'], {})],
          [b'row1', b'row3'])

    # table.scan with a filter, a prefix (happybase turns it into start/stop rows), reversed.
    check('scan all', [r for r, _ in scan(client)], [b'old', b'row1', b'row2', b'row3'])
    check('scan filter',
          scan(client, filterString=b"SingleColumnValueFilter('cf', 'a', =, 'binary:2')"),
          [(b'row2', {b'cf:a': b'2', b'other:z': b'zz'})])
    check('scan prefix columns', scan(client, startRow=b'row', stopRow=b'rox', columns=[b'cf:a']),
          [(b'row1', {b'cf:a': b'1'}), (b'row2', {b'cf:a': b'2'}), (b'row3', {b'cf:a': b'3'})])
    check('scan reversed', [r for r, _ in scan(client, reversed=True, startRow=b'row2')],
          [b'row2', b'row1', b'old'])
    expect_error('scan bad filter', IOError, client.scannerOpenWithScan, TABLE,
                 TScan(filterString=b'NoSuchFilter()'), {})
    expect_error('scanner bad id', IllegalArgument, client.scannerGetList, 9999, 1)

    # counters: counter_inc / counter_get (increment by 0) / counter_set (a packed put).
    check('counter inc', client.atomicIncrement(TABLE, b'cnt', b'cf:n', 5), 5)
    check('counter dec', client.atomicIncrement(TABLE, b'cnt', b'cf:n', -2), 3)
    check('counter get', client.atomicIncrement(TABLE, b'cnt', b'cf:n', 0), 3)
    put(client, b'cnt', {b'cf:m': struct.pack('>q', 40)})
    check('counter after set', client.atomicIncrement(TABLE, b'cnt', b'cf:m', 2), 42)

    # checkAndPut: no value means "must not exist".
    check('cap absent', client.checkAndPut(TABLE, b'cap', b'cf:c', None,
                                           Mutation(column=b'cf:c', value=b'first'), {}), True)
    check('cap mismatch', client.checkAndPut(TABLE, b'cap', b'cf:c', b'other',
                                             Mutation(column=b'cf:c', value=b'x'), {}), False)
    check('cap match', client.checkAndPut(TABLE, b'cap', b'cf:c', b'first',
                                          Mutation(column=b'cf:c', value=b'second'), {}), True)
    check('cap value', row_dict(client.getRow(TABLE, b'cap', {})), {b'cf:c': b'second'})

    # table.delete: columns through a batch (delete mutations), whole rows with deleteAllRow.
    client.mutateRows(TABLE, [BatchMutation(row=b'row1', mutations=[
        Mutation(isDelete=True, column=b'cf:b')])], {})
    check('delete column', row_dict(client.getRow(TABLE, b'row1', {})), {b'cf:a': b'1'})
    client.deleteAll(TABLE, b'row2', b'other', {})
    check('deleteAll family', row_dict(client.getRow(TABLE, b'row2', {})), {b'cf:a': b'2'})
    client.deleteAllRow(TABLE, b'row3', {})
    check('deleteAllRow', client.getRow(TABLE, b'row3', {}), [])

    # disable_table / delete_table.
    expect_error('delete enabled', IOError, client.deleteTable, TABLE)
    client.disableTable(TABLE)
    check('disabled', client.isTableEnabled(TABLE), False)
    expect_error('read disabled', IOError, client.getRow, TABLE, b'row1', {})
    client.deleteTable(TABLE)
    check('tables after delete', client.getTableNames(), [])
    expect_error('get unknown table', IOError, client.getRow, TABLE, b'row1', {})

    transport.close()
    print('all ok')


if __name__ == '__main__':
    main()
