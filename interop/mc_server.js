#!/usr/bin/env node
'use strict';
// node-smpp as the MC, for smpp-esme to talk to. Listens on HOST:0, writes the
// port to --port-file (whole, then renamed), and answers:
//   bind_*       -> bind_*_resp ESME_ROK (system_id "node-mc"); ESME_RALYBND if already bound
//   submit_sm    -> submit_sm_resp with message_id "n<k>" (ESME_RINVBNDSTS before bind)
//                   and, with --receipts and registered_delivery bit 0, a deliver_sm receipt
//   enquire_link -> enquire_link_resp
//   unbind       -> unbind_resp
//   anything else-> generic_nack ESME_RINVCMDID
// With --enquire-link it also sends one enquire_link right after each bind.
// With --receipt-variants the message_ids are hex ("A001", ...) and the receipts
// cycle through the forms real MCs send (RECEIPT_VARIANTS below); with --mo N it
// also sends an MO deliver_sm (esm_class 0) after every N-th submit_sm.
// Every PDU received is checked strictly (lib/wire.js). On SIGTERM/SIGINT (or
// --max-seconds) it prints one JSON summary line on stdout and exits 0.
//
//   node mc_server.js --port-file FILE [--host 127.0.0.1] [--receipts]
//        [--receipt-variants] [--mo N] [--enquire-link] [--max-seconds 120]

const fs = require('fs');
const { smpp, check, captureRaw, decodeFailures, statusName } = require('./lib/wire');

function usage(msg) {
  process.stderr.write(`mc_server.js: ${msg}\n`);
  process.exit(2);
}

const opts = { host: '127.0.0.1', portFile: '', receipts: false, variants: false, mo: 0, enquireLink: false, maxSeconds: 120 };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port-file') opts.portFile = next();
    else if (a === '--host') opts.host = next();
    else if (a === '--receipts') opts.receipts = true;
    else if (a === '--receipt-variants') opts.receipts = opts.variants = true;
    else if (a === '--mo') opts.mo = Number(next());
    else if (a === '--enquire-link') opts.enquireLink = true;
    else if (a === '--max-seconds') opts.maxSeconds = Number(next());
    else usage(`unknown argument ${a}`);
  }
  if (!opts.portFile) usage('--port-file FILE is required');
  if (!(opts.maxSeconds > 0)) usage('--max-seconds must be positive');
  if (!(opts.mo >= 0)) usage('--mo must be 0 or more');
}

captureRaw();

const log = (msg) => process.stderr.write(`mc_server: ${msg}\n`);

const counts = {
  connections: 0,
  binds: 0,
  bind_resp_ok: 0,
  bind_rejected: 0,
  submit_sm: 0,
  submit_sm_resp_ok: 0,
  submit_sm_rejected: 0,
  enquire_link_received: 0,
  enquire_link_sent: 0,
  enquire_link_resp_ok: 0,
  deliver_sm_sent: 0,
  mo_sent: 0,
  deliver_sm_resp_ok: 0,
  deliver_sm_resp_other: 0,
  unbind: 0,
  unbind_resp_sent: 0, // written to the socket
  generic_nack_sent: 0,
  generic_nack_received: 0,
  closed_after_unbind: 0,
  closed_without_unbind: 0,
  socket_errors: 0,
};
const received = {}; // command -> count
const systemIds = [];
const interfaceVersions = {}; // interface_version in the binds, as hex
const submits = { texts: {}, data_coding: {}, source_addr: {}, destination_addr: {}, registered_delivery: {}, esm_class: {} };
const disagreements = [];
const errors = [];
let nextMessageId = 1;

function tally(map, key) {
  key = String(key);
  map[key] = (map[key] || 0) + 1;
}

function textOf(pdu) {
  const sm = pdu.short_message;
  if (sm && typeof sm === 'object' && 'message' in sm) {
    const m = sm.message;
    if (typeof m === 'string' && m.length) return m;
    if (Buffer.isBuffer(m) && m.length) return '0x' + m.toString('hex');
  }
  const mp = pdu.message_payload;
  if (mp && typeof mp === 'object' && 'message' in mp) return String(mp.message);
  return '';
}

function yymmddhhmm(d) {
  const p = (n) => String(n).padStart(2, '0');
  return p(d.getUTCFullYear() % 100) + p(d.getUTCMonth() + 1) + p(d.getUTCDate()) + p(d.getUTCHours()) + p(d.getUTCMinutes());
}

function yymmddhhmmss(d) {
  return yymmddhhmm(d) + String(d.getUTCSeconds()).padStart(2, '0');
}

// The receipt forms smpp-esme must all match: Appendix B as written, and what MCs make of it.
const RECEIPT_VARIANTS = ['standard', 'no-sub', 'err4', 'seconds', 'upper-case', 'lower-case', 'decimal-id', 'tlv-only', 'text-only'];
const variantsSent = {};

// The deliver_sm fields of the receipt for message k (id `messageId`) in its variant.
function receiptFields(k, messageId) {
  const now = new Date();
  const dates = `submit date:${yymmddhhmm(now)} done date:${yymmddhhmm(now)}`;
  const standard = `id:${messageId} sub:001 dlvrd:001 ${dates} stat:DELIVRD err:000 text:`;
  const tlvs = { receipted_message_id: messageId, message_state: 2 };
  if (!opts.variants) return { text: standard, ...tlvs };
  const variant = RECEIPT_VARIANTS[k % RECEIPT_VARIANTS.length];
  tally(variantsSent, variant);
  switch (variant) {
    case 'no-sub': return { text: `id:${messageId} ${dates} stat:DELIVRD err:000 text:` };
    case 'err4': return { text: `id:${messageId} sub:001 dlvrd:001 ${dates} stat:DELIVRD err:0000 text:` };
    case 'seconds': {
      const s = yymmddhhmmss(now);
      return { text: `id:${messageId} sub:001 dlvrd:001 submit date:${s} done date:${s} stat:DELIVRD err:000 text:` };
    }
    case 'upper-case': return { text: standard.toUpperCase() };
    case 'lower-case': return { text: standard.toLowerCase() };
    case 'decimal-id': return { text: standard.replace(`id:${messageId}`, `id:${parseInt(messageId, 16)}`) };
    case 'tlv-only': return { text: '', ...tlvs };
    case 'text-only': return { text: standard };
    default: return { text: standard, ...tlvs };
  }
}

const server = smpp.createServer((session) => {
  counts.connections++;
  const id = counts.connections;
  let bound = false;
  let unbound = false;

  session.on('error', (e) => {
    counts.socket_errors++;
    errors.push(`session ${id}: ${e.message}`);
    log(`session ${id}: error: ${e.message}`);
  });
  session.on('close', () => {
    if (unbound) counts.closed_after_unbind++;
    else counts.closed_without_unbind++;
  });

  const respond = (pdu, fields) => session.send(pdu.response(fields));

  // Mobile-originated: from the submit's destination back to its source, no receipt esm_class.
  const sendMo = (submit, k) => {
    counts.mo_sent++;
    session.deliver_sm({
      source_addr: submit.destination_addr,
      destination_addr: submit.source_addr,
      esm_class: 0,
      data_coding: 0,
      short_message: Buffer.from(`MO reply ${k}`, 'ascii'),
    }, (resp) => {
      if (resp.command === 'deliver_sm_resp' && resp.command_status === 0) counts.deliver_sm_resp_ok++;
      else errors.push(`session ${id}: MO ${k} answered ${resp.command} ${statusName(resp.command_status)}`);
    });
  };

  session.on('pdu', (pdu) => {
    tally(received, pdu.command);
    for (const p of check(pdu)) {
      const m = `session ${id} ${pdu.command} seq=${pdu.sequence_number}: ${p}`;
      disagreements.push(m);
      log(`DISAGREE: ${m}`);
    }
    if (pdu.isResponse()) {
      if (pdu.command === 'generic_nack') {
        counts.generic_nack_received++;
        errors.push(`session ${id}: generic_nack ${statusName(pdu.command_status)} for seq ${pdu.sequence_number}`);
      }
      return; // the rest are matched by sequence number where sent
    }
    switch (pdu.command) {
      case 'bind_transceiver':
      case 'bind_transmitter':
      case 'bind_receiver':
        counts.binds++;
        systemIds.push(pdu.system_id);
        tally(interfaceVersions, '0x' + Number(pdu.interface_version).toString(16));
        if (bound) {
          counts.bind_rejected++;
          respond(pdu, { command_status: smpp.ESME_RALYBND });
          return;
        }
        bound = true;
        counts.bind_resp_ok++;
        respond(pdu, { system_id: 'node-mc' });
        if (opts.enquireLink) {
          counts.enquire_link_sent++;
          session.enquire_link((resp) => {
            if (resp.command === 'enquire_link_resp' && resp.command_status === 0) counts.enquire_link_resp_ok++;
            else errors.push(`session ${id}: enquire_link answered ${resp.command} ${statusName(resp.command_status)}`);
          });
        }
        return;
      case 'submit_sm': {
        counts.submit_sm++;
        if (!bound || unbound) {
          counts.submit_sm_rejected++;
          respond(pdu, { command_status: smpp.ESME_RINVBNDSTS });
          return;
        }
        tally(submits.texts, textOf(pdu));
        tally(submits.data_coding, pdu.data_coding);
        tally(submits.source_addr, pdu.source_addr);
        tally(submits.destination_addr, pdu.destination_addr);
        tally(submits.registered_delivery, pdu.registered_delivery);
        tally(submits.esm_class, pdu.esm_class);
        const k = nextMessageId++;
        // Hex with letters: never a valid decimal, so a decimal id in a receipt can only match by value.
        const messageId = opts.variants ? (0xA000 + k).toString(16).toUpperCase() : 'n' + k;
        counts.submit_sm_resp_ok++;
        respond(pdu, { message_id: messageId });
        if (opts.receipts && (pdu.registered_delivery & 0x03) === 0x01) {
          const { text, ...tlvs } = receiptFields(k, messageId);
          counts.deliver_sm_sent++;
          session.deliver_sm({
            source_addr: pdu.destination_addr,
            destination_addr: pdu.source_addr,
            esm_class: 0x04,
            data_coding: 0,
            short_message: Buffer.from(text, 'ascii'),
            ...tlvs,
          }, (resp) => {
            if (resp.command === 'deliver_sm_resp' && resp.command_status === 0) counts.deliver_sm_resp_ok++;
            else {
              counts.deliver_sm_resp_other++;
              errors.push(`session ${id}: receipt for ${messageId} answered ${resp.command} ${statusName(resp.command_status)}`);
            }
          });
        }
        if (opts.mo && k % opts.mo === 0) sendMo(pdu, k);
        return;
      }
      case 'enquire_link':
        counts.enquire_link_received++;
        respond(pdu);
        return;
      case 'unbind':
        counts.unbind++;
        unbound = true;
        session.send(pdu.response(), () => { counts.unbind_resp_sent++; });
        return;
      default:
        counts.generic_nack_sent++;
        errors.push(`session ${id}: unexpected ${pdu.command}, answered generic_nack`);
        session.send(new smpp.PDU('generic_nack', {
          sequence_number: pdu.sequence_number,
          command_status: smpp.ESME_RINVCMDID,
        }));
    }
  });
});

server.on('error', (e) => {
  log(`cannot listen: ${e.message}`);
  process.exit(3);
});

server.listen(0, opts.host, () => {
  const port = server.address().port;
  const tmp = `${opts.portFile}.tmp${process.pid}`;
  fs.writeFileSync(tmp, `${port}\n`);
  fs.renameSync(tmp, opts.portFile);
  log(`listening on ${opts.host}:${port}`);
});

let done = false;
function finish(why) {
  if (done) return;
  done = true;
  for (const f of decodeFailures) disagreements.push(f);
  const summary = {
    event: 'summary',
    why,
    node_smpp: require('smpp/package.json').version,
    ...counts,
    received,
    system_ids: systemIds,
    interface_versions: interfaceVersions,
    submits,
    receipt_variants: variantsSent,
    disagreements,
    errors,
  };
  process.stdout.write(JSON.stringify(summary) + '\n', () => process.exit(0));
  server.close();
  for (const s of server.sessions.slice()) s.destroy();
}

process.on('SIGTERM', () => finish('SIGTERM'));
process.on('SIGINT', () => finish('SIGINT'));
setTimeout(() => finish(`--max-seconds ${opts.maxSeconds}`), opts.maxSeconds * 1000).unref();
