#!/usr/bin/env node
'use strict';
// node-smpp's side of W2 (bench/w2.sh): the same bind/unbind of N sessions, for comparison.
//
//   node w2_node.js server --port-file FILE
//       answers bind_transceiver, enquire_link and unbind (then closes)
//   node w2_node.js client --port PORT --sessions N
//       connects and binds N transceivers at once; prints {"bound":N,"bind_s":...} once all are
//       bound; on SIGINT unbinds all at once and prints {"unbind_s":...} once every
//       unbind_resp is in and every socket closed, then exits.
//
const { smpp, parseArgs, seconds, serveMc } = require('./node_lib');

const { mode, opt } = parseArgs(process.argv.slice(2));

if (mode === 'server') {
  serveMc(opt['port-file']);
} else if (mode === 'client') {
  const n = Number(opt.sessions);
  const sessions = [];
  let bound = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const s = smpp.connect({ url: `smpp://127.0.0.1:${opt.port}`, auto_enquire_link_period: 0 }, () => {
      s.bind_transceiver({ system_id: 'esme', password: '' }, (pdu) => {
        if (pdu.command_status !== 0) throw new Error(`bind refused: ${pdu.command_status}`);
        if (++bound === n) console.log(JSON.stringify({ bound, bind_s: seconds(t0) }));
      });
    });
    s.on('error', (e) => { throw e; });
    sessions.push(s);
  }
  process.on('SIGINT', () => {
    const t1 = process.hrtime.bigint();
    let left = n;
    for (const s of sessions) {
      let answered = false;
      let closed = false;
      const one = () => {
        if (answered && closed && --left === 0) {
          console.log(JSON.stringify({ unbind_s: seconds(t1) }));
          process.exit(0);
        }
      };
      s.on('close', () => { closed = true; one(); });
      s.unbind(() => { answered = true; one(); });
    }
  });
} else {
  process.stderr.write('usage: w2_node.js server --port-file FILE | client --port PORT --sessions N\n');
  process.exit(2);
}
