// node-hbase (npm "hbase") against Cellar's REST gateway: create a table, put, get, scan with a
// filter, delete, drop. Usage: node hbase_client.js <port>. Prints one line per step and
// "ALL OK" at the end; exits non-zero on the first failure.
'use strict';
const hbase = require('hbase');
const assert = require('assert');

const port = process.argv[2];
const client = hbase({ host: '127.0.0.1', port: port });

// Wraps node-hbase's callbacks into promises.
function call(fn) {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

function scanAll(table, options) {
  return call((cb) => client.table(table).scan(options, cb));
}

async function main() {
  const version = await call((cb) => client.version_cluster(cb));
  console.log('version_cluster', JSON.stringify(version));

  const table = client.table('node_t');
  await call((cb) => table.create({ ColumnSchema: [{ name: 'cf', VERSIONS: 3 }] }, cb));
  assert.strictEqual(await call((cb) => table.exists(cb)), true);
  const schema = await call((cb) => table.schema(cb));
  assert.strictEqual(schema.ColumnSchema[0].name, 'cf');
  console.log('created node_t');

  await call((cb) => table.row('r1').put('cf:a', 'v1', cb));
  await call((cb) => table.row('r1').put(['cf:b', 'cf:c'], ['vb', 'vc'], cb));
  await call((cb) => table.row().put([
    { key: 'r2', column: 'cf:a', $: 'v2' },
    { key: 'r3', column: 'cf:a', $: 'v3', timestamp: Date.now() },
  ], cb));
  console.log('put 3 rows');

  const cells = await call((cb) => table.row('r1').get('cf', cb));
  assert.deepStrictEqual(cells.map((c) => c.column + '=' + c.$), ['cf:a=v1', 'cf:b=vb', 'cf:c=vc']);
  const one = await call((cb) => table.row('r2').get('cf:a', cb));
  assert.strictEqual(one[0].$, 'v2');
  assert.strictEqual(await call((cb) => table.row('r1').exists('cf:a', cb)), true);
  assert.strictEqual(await call((cb) => table.row('nope').exists(cb)), false);
  console.log('get ok');

  const all = await scanAll('node_t', {});
  assert.strictEqual(all.length, 5);
  const filtered = await scanAll('node_t', {
    filter: {
      type: 'ValueFilter', op: 'EQUAL',
      comparator: { type: 'RegexStringComparator', value: '^v[23]$' },
    },
  });
  assert.deepStrictEqual(filtered.map((c) => c.key + '/' + c.$), ['r2/v2', 'r3/v3']);
  const ranged = await scanAll('node_t', { startRow: 'r2', endRow: 'r3', batch: 1 });
  assert.deepStrictEqual(ranged.map((c) => c.key), ['r2']);
  console.log('scan with filter ok');

  await call((cb) => table.row('r1').delete('cf:b', cb));
  const after = await call((cb) => table.row('r1').get(cb));
  assert.deepStrictEqual(after.map((c) => c.column), ['cf:a', 'cf:c']);
  await call((cb) => table.row('r2').delete(cb));
  assert.strictEqual(await call((cb) => table.row('r2').exists(cb)), false);
  console.log('delete ok');

  await call((cb) => table.delete(cb));
  assert.strictEqual(await call((cb) => table.exists(cb)), false);
  console.log('dropped node_t');
  console.log('ALL OK');
}

main().catch((err) => {
  console.error('FAILED:', err && (err.stack || err), err && err.body ? 'body: ' + err.body : '');
  process.exit(1);
});
