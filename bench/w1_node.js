#!/usr/bin/env node
'use strict';
// node-smpp's side of W1 over several sessions (bench/threads.sh): the same traffic as
// `smpp-esme --sessions S --messages N --window W`, node-smpp's client against node-smpp's server.
//
//   node w1_node.js server --port-file FILE
//       answers bind_transceiver, submit_sm (submit_sm_resp with a message_id), enquire_link
//       and unbind (then closes); serves any number of clients until SIGTERM
//   node w1_node.js client --port PORT --sessions S --messages N --window W --text TEXT
//       binds S transceivers; once all are bound, sends N submit_sm split over the S sessions
//       (the first N % S sessions one more), at most W unanswered on each; every response must
//       be ESME_ROK with a message_id. Prints one JSON line,
//       {"messages":N,"msg_s":...,"elapsed_s":...}, timed from the first submit_sm sent to the
//       last submit_sm_resp in (as smpp-esme's throughput line is), then unbinds all and exits.
const { smpp, parseArgs, seconds, serveMc } = require('./node_lib');

const { mode, opt } = parseArgs(process.argv.slice(2));
const die = (why) => {
  process.stderr.write(`w1_node: ${why}\n`);
  process.exit(1);
};

if (mode === 'server') {
  let next = 0;
  serveMc(opt['port-file'], (session) =>
    session.on('submit_sm', (pdu) => session.send(pdu.response({ message_id: (++next).toString(16) }))));
} else if (mode === 'client') {
  const n = Number(opt.sessions);
  const total = Number(opt.messages);
  const window = Number(opt.window);
  const text = opt.text;
  if (!(n >= 1 && total >= 1 && window >= 1 && text)) die('--sessions, --messages, --window, --text');
  const sessions = [];
  let bound = 0;
  let answered = 0;
  let t0 = null;

  const finish = () => {
    const elapsed = seconds(t0);
    console.log(JSON.stringify({ messages: total, msg_s: Math.round(total / elapsed), elapsed_s: elapsed }));
    let left = n;
    for (const { session } of sessions) {
      session.on('close', () => --left === 0 && process.exit(0));
      session.unbind(() => session.close());
    }
  };

  // pump(k): send on session k until its window is full or its share is sent.
  const pump = (k) => {
    const st = sessions[k];
    while (st.inflight < window && st.sent < st.quota) {
      st.inflight++;
      st.sent++;
      st.session.submit_sm({ source_addr: '1000', destination_addr: '2000', short_message: text }, (pdu) => {
        if (pdu.command_status !== 0) die(`submit_sm refused: ${pdu.command_status}`);
        if (!pdu.message_id) die('submit_sm_resp without a message_id');
        st.inflight--;
        if (++answered === total) return finish();
        pump(k);
      });
    }
  };

  const start = () => {
    t0 = process.hrtime.bigint();
    for (let k = 0; k < n; k++) pump(k);
  };

  for (let k = 0; k < n; k++) {
    const quota = Math.floor(total / n) + (k < total % n ? 1 : 0);
    const s = smpp.connect({ url: `smpp://127.0.0.1:${opt.port}`, auto_enquire_link_period: 0 }, () => {
      s.bind_transceiver({ system_id: 'esme', password: '' }, (pdu) => {
        if (pdu.command_status !== 0) die(`bind refused: ${pdu.command_status}`);
        if (++bound === n) start();
      });
    });
    s.on('error', (e) => die(e.message));
    sessions.push({ session: s, quota, sent: 0, inflight: 0 });
  }
} else {
  process.stderr.write(
    'usage: w1_node.js server --port-file FILE | client --port PORT --sessions S --messages N --window W --text TEXT\n');
  process.exit(2);
}
