'use strict';
// What bench/w1_node.js and bench/w2_node.js share: node-smpp (from interop/node_modules, which
// interop/setup.sh fills), the "--name value" arguments, a clock, and the MC side.
const path = require('path');
const fs = require('fs');

const smpp = require(path.join(__dirname, '..', 'interop', 'node_modules', 'smpp'));

// ["mode", "--a", "1", "--b", "2"] -> { mode: "mode", opt: { a: "1", b: "2" } }
function parseArgs(argv) {
  const [mode, ...rest] = argv;
  const opt = {};
  for (let i = 0; i + 1 < rest.length; i += 2) opt[rest[i].replace(/^--/, '')] = rest[i + 1];
  return { mode, opt };
}

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

// Listens on 127.0.0.1, port 0, and writes the port to `file` whole (a rename), so that the
// script polling for it never reads half a number.
function listenWritingPort(server, file) {
  server.listen(0, '127.0.0.1', () => {
    fs.writeFileSync(file + '.tmp', String(server.address().port));
    fs.renameSync(file + '.tmp', file);
  });
}

// An MC for the benchmarks: answers bind_transceiver, enquire_link and unbind (then closes),
// plus whatever `more(session)` adds; its port goes to `portFile`; SIGTERM ends it.
function serveMc(portFile, more = () => {}) {
  const server = smpp.createServer((session) => {
    session.on('error', () => {});
    session.on('bind_transceiver', (pdu) => session.send(pdu.response({ system_id: 'node-mc' })));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    more(session);
  });
  listenWritingPort(server, portFile);
  process.on('SIGTERM', () => process.exit(0));
}

module.exports = { smpp, parseArgs, seconds, serveMc };
