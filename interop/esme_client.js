#!/usr/bin/env node
'use strict';
// node-smpp as the ESME, against a running smpp-mc:
//   bind_transceiver, enquire_link, submit_sm (registered_delivery 1), the
//   delivery receipt, query_sm, an enquire_link from the MC, unbind.
// With --mo N (against smpp-mc --mo-rate): bind_receiver instead, take N MO
// deliver_sm, answer the first with ESME_RX_T_APPN and expect it again (the
// MC's retry), unbind.
// Every PDU received is also checked strictly (lib/wire.js).
//
//   node esme_client.js --port PORT [--host 127.0.0.1] [--system-id ID]
//        [--password PW] [--expect-receipt] [--expect-mc-enquire-link]
//        [--interface-version 0x34] [--timeout-ms 5000] [--mo N]
//
// Prints one PASS/SKIP/FAIL/DISAGREE line per check and a JSON summary last.
// Exit code 0 when every check passed or was skipped, 1 otherwise, 2 bad usage.

const { smpp, check, captureRaw, decodeFailures, statusName } = require('./lib/wire');

function usage(msg) {
  process.stderr.write(`esme_client.js: ${msg}\n`);
  process.exit(2);
}

const opts = {
  host: '127.0.0.1',
  port: 0,
  systemId: 'node1',
  password: 'pass1',
  expectReceipt: false,
  expectMcEnquireLink: false,
  interfaceVersion: null, // null: node-smpp's default
  timeoutMs: 5000,
  mo: 0, // MO to receive as a receiver; 0: the transceiver checks
};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port') opts.port = Number(next());
    else if (a === '--host') opts.host = next();
    else if (a === '--system-id') opts.systemId = next();
    else if (a === '--password') opts.password = next();
    else if (a === '--expect-receipt') opts.expectReceipt = true;
    else if (a === '--expect-mc-enquire-link') opts.expectMcEnquireLink = true;
    else if (a === '--interface-version') opts.interfaceVersion = Number(next());
    else if (a === '--timeout-ms') opts.timeoutMs = Number(next());
    else if (a === '--mo') opts.mo = Number(next());
    else usage(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) usage('--port PORT is required');
  if (!(opts.timeoutMs > 0)) usage('--timeout-ms must be positive');
  if (!Number.isInteger(opts.mo) || opts.mo < 0) usage('--mo must be a whole number');
}

captureRaw();

const summary = { passed: [], skipped: [], failed: [], disagreements: [], received: {}, sent: {} };
const say = (tag, msg) => process.stdout.write(`${tag}: ${msg}\n`);
const pass = (m) => { summary.passed.push(m); say('PASS', m); };
const skip = (m) => { summary.skipped.push(m); say('SKIP', m); };
const fail = (m) => { summary.failed.push(m); say('FAIL', m); };
const note = (m) => say('NOTE', m);

class Failure extends Error {}

// ---------------------------------------------------------------- the session

const session = smpp.connect({ host: opts.host, port: opts.port, auto_enquire_link_period: 0 });
let connected = false;
let closing = false; // we unbound and close on purpose
let closedPromiseResolve;
const closed = new Promise((r) => { closedPromiseResolve = r; });

session.on('connect', () => { connected = true; });
session.on('close', () => {
  if (!closing) fail(`smpp-mc closed the connection unexpectedly${connected ? '' : ' (never connected)'}`);
  closedPromiseResolve();
});
session.on('error', (e) => {
  fail(`socket/decoder error: ${e.message}`);
});
session.on('send', (pdu) => {
  summary.sent[pdu.command] = (summary.sent[pdu.command] || 0) + 1;
});

// PDUs the MC sent us unasked, for the checks below to wait on.
const inbox = [];
const waiters = [];

session.on('pdu', (pdu) => {
  summary.received[pdu.command] = (summary.received[pdu.command] || 0) + 1;
  for (const p of check(pdu)) {
    const m = `${pdu.command} seq=${pdu.sequence_number}: ${p}`;
    summary.disagreements.push(m);
    say('DISAGREE', m);
  }
  if (pdu.isResponse()) return; // matched by sequence number in request()
  // Requests from the MC: answer every one.
  switch (pdu.command) {
    case 'enquire_link':
      session.send(pdu.response());
      break;
    case 'deliver_sm':
      session.send(pdu.response(deliverAnswer(pdu)));
      break;
    case 'unbind':
      fail('smpp-mc sent unbind in the middle of the test; answering unbind_resp');
      session.send(pdu.response());
      break;
    default:
      fail(`unexpected request ${pdu.command} from smpp-mc; answering generic_nack`);
      session.send(new smpp.PDU('generic_nack', {
        sequence_number: pdu.sequence_number,
        command_status: smpp.ESME_RINVCMDID,
      }));
  }
  inbox.push(pdu);
  for (const w of waiters.slice()) w();
});

// --mo: the first MO is refused once with a temporary error, to see the MC send it again.
const ESME_RX_T_APPN = 0x64;
let refusedMo = null; // its text
function isMo(pdu) { return (pdu.esm_class & 0x3c) === 0; }
function deliverAnswer(pdu) {
  if (opts.mo > 0 && refusedMo === null && isMo(pdu)) {
    refusedMo = textOf(pdu);
    pdu.refused = true;
    return { message_id: '', command_status: ESME_RX_T_APPN };
  }
  return { message_id: '' };
}

function withDeadline(promise, what, ms = opts.timeoutMs) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// request(command, fields) -> the response PDU (or generic_nack); rejects at the deadline.
function request(command, fields, what) {
  return withDeadline(new Promise((resolve, reject) => {
    const ok = session.send(new smpp.PDU(command, fields || {}), resolve);
    if (!ok) reject(new Failure(`cannot send ${command}: the socket is not writable`));
  }), what || `response to ${command}`);
}

// waitFor(pred, what): the first PDU in the inbox (from the MC, unasked) matching pred.
function waitFor(pred, what) {
  return withDeadline(new Promise((resolve) => {
    const look = () => {
      const i = inbox.findIndex(pred);
      if (i < 0) return false;
      const [pdu] = inbox.splice(i, 1);
      const w = waiters.indexOf(look);
      if (w >= 0) waiters.splice(w, 1);
      resolve(pdu);
      return true;
    };
    if (!look()) waiters.push(look);
  }), what);
}

function expectOk(resp, command) {
  if (resp.command === 'generic_nack') {
    throw new Failure(`${command}: smpp-mc answered generic_nack ${statusName(resp.command_status)}`);
  }
  if (resp.command !== command + '_resp') {
    throw new Failure(`${command}: expected ${command}_resp, got ${resp.command}`);
  }
  if (resp.command_status !== 0) {
    throw new Failure(`${command}: ${command}_resp with ${statusName(resp.command_status)}`);
  }
}

function textOf(pdu) {
  const sm = pdu.short_message;
  if (sm && typeof sm === 'object' && 'message' in sm) {
    const m = sm.message;
    if (typeof m === 'string' && m.length) return m;
    if (Buffer.isBuffer(m) && m.length) return m.toString('latin1');
  }
  const mp = pdu.message_payload;
  if (mp && typeof mp === 'object' && 'message' in mp) return String(mp.message);
  return '';
}

// ---------------------------------------------------------------- the checks

async function main() {
  await withDeadline(new Promise((resolve, reject) => {
    if (connected) return resolve();
    session.once('connect', resolve);
    session.once('close', () => reject(new Failure('connection closed before it was established')));
  }), `TCP connection to ${opts.host}:${opts.port}`);
  pass(`connected to smpp-mc at ${opts.host}:${opts.port}`);

  // bind_transceiver (bind_receiver for --mo)
  const bindFields = { system_id: opts.systemId, password: opts.password, system_type: '' };
  if (opts.interfaceVersion !== null) bindFields.interface_version = opts.interfaceVersion;
  const bindCommand = opts.mo > 0 ? 'bind_receiver' : 'bind_transceiver';
  const bind = await request(bindCommand, bindFields);
  expectOk(bind, bindCommand);
  const ifv = opts.interfaceVersion === null ? "node-smpp's default 0x50" : '0x' + opts.interfaceVersion.toString(16);
  pass(`${bindCommand} as ${opts.systemId} (interface_version ${ifv}): ${bindCommand}_resp ESME_ROK, ` +
    `system_id "${bind.system_id}"` +
    (bind.sc_interface_version !== undefined ? `, sc_interface_version 0x${bind.sc_interface_version.toString(16)}` : ''));

  // enquire_link
  const el = await request('enquire_link');
  expectOk(el, 'enquire_link');
  pass('enquire_link: enquire_link_resp ESME_ROK');

  if (opts.mo > 0) await moChecks();
  else await transceiverChecks();

  // unbind, then close
  closing = true;
  const ub = await request('unbind');
  expectOk(ub, 'unbind');
  pass('unbind: unbind_resp ESME_ROK');
  session.close();
  await withDeadline(closed, 'socket close after unbind_resp');
  pass('connection closed after unbind_resp');
}

// MO from smpp-mc --mo-rate: N of them, the first refused once and sent again.
async function moChecks() {
  const first = await waitFor((p) => p.command === 'deliver_sm' && p.refused, 'MO deliver_sm');
  if (first.esm_class !== 0) throw new Failure(`MO deliver_sm esm_class 0x${first.esm_class.toString(16)}, expected 0`);
  pass(`MO deliver_sm from ${first.source_addr} to ${first.destination_addr}: "${refusedMo}"; answered ESME_RX_T_APPN`);
  const again = await waitFor((p) => p.command === 'deliver_sm' && !p.refused && textOf(p) === refusedMo,
    'the retry of the refused MO');
  pass(`smpp-mc sent the refused MO again (seq ${again.sequence_number} after ${first.sequence_number}); answered ESME_ROK`);
  for (let n = 2; n <= opts.mo; n++) {
    const mo = await waitFor((p) => p.command === 'deliver_sm' && isMo(p) && !p.refused, `MO deliver_sm ${n}`);
    if (n === opts.mo) pass(`${opts.mo} MO received in all, the last "${textOf(mo)}"`);
  }
}

// Submit, receipt, query_sm and the MC's enquire_link, as a transceiver.
async function transceiverChecks() {
  // submit_sm asking for a receipt
  const text = 'Hello from node-smpp';
  const sub = await request('submit_sm', {
    source_addr: '12345',
    destination_addr: '67890',
    registered_delivery: 1,
    short_message: text,
  });
  expectOk(sub, 'submit_sm');
  const messageId = sub.message_id;
  if (typeof messageId !== 'string' || messageId.length === 0) {
    throw new Failure('submit_sm_resp ESME_ROK without a message_id');
  }
  pass(`submit_sm (registered_delivery 1): submit_sm_resp ESME_ROK, message_id "${messageId}"`);

  // the delivery receipt
  if (opts.expectReceipt) {
    const rcpt = await waitFor((p) => p.command === 'deliver_sm', 'deliver_sm (delivery receipt)');
    const esm = rcpt.esm_class;
    if ((esm & 0x3c) !== 0x04) {
      throw new Failure(`deliver_sm esm_class 0x${esm.toString(16)}, a delivery receipt has 0x04 (bits 2-5)`);
    }
    const body = textOf(rcpt);
    const ids = [];
    if (rcpt.receipted_message_id !== undefined) ids.push(['receipted_message_id TLV', rcpt.receipted_message_id]);
    const m = /\bid:(\S+)/.exec(body);
    if (m) ids.push(['text id:', m[1]]);
    if (ids.length === 0) throw new Failure(`receipt has neither receipted_message_id nor "id:" in its text: "${body}"`);
    for (const [where, id] of ids) {
      if (id !== messageId) throw new Failure(`receipt ${where} "${id}" is not the submit_sm_resp message_id "${messageId}"`);
    }
    const stat = /\bstat:(\S+)/.exec(body);
    pass(`delivery receipt: deliver_sm esm_class 0x${esm.toString(16).padStart(2, '0')}, ` +
      `${ids.map(([w]) => w).join(' and ')} = "${messageId}"` +
      (stat ? `, stat:${stat[1]}` : '') +
      (rcpt.message_state !== undefined ? `, message_state ${rcpt.message_state}` : '') +
      `; answered deliver_sm_resp`);
    note(`receipt text: "${body}"`);
  } else {
    skip('delivery receipt: this smpp-mc has no --receipt-delay-ms (no receipts yet), so no deliver_sm was awaited');
  }

  // query_sm: the MC answers from its record of the message; once the receipt came, the
  // message is final: DELIVERED (2) with a final_date.
  {
    const q = await request('query_sm', { message_id: messageId, source_addr: '12345' });
    if (q.command !== 'query_sm_resp') {
      fail(`query_sm: expected query_sm_resp, got ${q.command} ${statusName(q.command_status)}`);
    } else if (q.command_status !== 0) {
      fail(`query_sm for the message just submitted: query_sm_resp ${statusName(q.command_status)}`);
    } else if (q.message_id !== messageId) {
      fail(`query_sm: query_sm_resp message_id "${q.message_id}", asked for "${messageId}"`);
    } else if (opts.expectReceipt && q.message_state !== 2) {
      fail(`query_sm after the receipt: message_state ${q.message_state}, expected 2 (DELIVERED)`);
    } else if (!(q.message_state >= 1 && q.message_state <= 8)) {
      fail(`query_sm: query_sm_resp message_state ${q.message_state} is not 1..8 (SMPP 3.4 Table 5-6)`);
    } else {
      const fd = q.final_date instanceof Date ? q.final_date.toISOString() : JSON.stringify(q.final_date);
      pass(`query_sm: query_sm_resp ESME_ROK, message_state ${q.message_state}, final_date ${fd}, error_code ${q.error_code}`);
    }
  }

  // an enquire_link from the MC (it sends one after --enquire-link-interval idle seconds)
  if (opts.expectMcEnquireLink) {
    await waitFor((p) => p.command === 'enquire_link', 'enquire_link from smpp-mc');
    pass('smpp-mc sent enquire_link; node-smpp answered enquire_link_resp');
  }
}

function finish(code) {
  for (const f of decodeFailures) {
    summary.disagreements.push(f);
    say('DISAGREE', f);
  }
  if (summary.disagreements.length) {
    fail(`node-smpp disagreed with ${summary.disagreements.length} PDU(s) from smpp-mc (DISAGREE lines above)`);
  }
  if (summary.failed.length) code = 1;
  process.stdout.write(JSON.stringify({ event: 'summary', ok: code === 0, ...summary }) + '\n');
  process.exit(code);
}

main().then(() => finish(0), (e) => {
  if (e instanceof Failure) fail(e.message);
  else fail(`internal error: ${e && e.stack || e}`);
  try { session.destroy(); } catch (_) { /* already gone */ }
  finish(1);
});
