'use strict';
// Shared by esme_client.js and mc_server.js: keeps the raw bytes of every PDU
// node-smpp reads, and checks each one strictly against node-smpp's own field
// tables (defs.js) and the SMPP 3.4 limits. node-smpp's decoder is lenient: a
// missing mandatory field is left undefined, an unterminated C-string runs on
// into the next field, spare bytes at the end are dropped. Those are exactly
// the cases a stricter peer would reject, so they are reported here instead of
// passing silently.

const smpp = require('smpp');

const PDU = smpp.PDU;
const defs = { commands: smpp.commands, commandsById: smpp.commandsById, tlvsById: smpp.tlvsById };

// Status names, for messages.
const statusNames = {};
for (const name of Object.keys(smpp.errors)) {
  if (!(smpp.errors[name] in statusNames)) statusNames[smpp.errors[name]] = name;
}
function statusName(status) {
  return statusNames[status] || '0x' + (status >>> 0).toString(16).padStart(8, '0');
}

function hex(buf, max = 256) {
  const s = buf.subarray(0, max).toString('hex').replace(/(..)/g, '$1 ').trim();
  return buf.length > max ? s + ` ... (${buf.length} bytes)` : s;
}

// SMPP 3.4 §4 maximum sizes, NUL included, of C-string fields we may see.
const maxCString = {
  system_id: 16,
  password: 9,
  system_type: 13,
  address_range: 41,
  service_type: 6,
  source_addr: 21,
  destination_addr: 21,
  message_id: 65,
  final_date: 17,
};
// Fields that are empty or exactly 17 octets with the NUL (§7.1).
const timeFields = new Set(['schedule_delivery_time', 'validity_period', 'final_date']);
// Responses whose body the spec leaves out when command_status is not 0.
const bodyOmittedOnError = /^(bind_(receiver|transmitter|transceiver)_resp|submit_sm_resp|data_sm_resp|query_sm_resp)$/;

// inspect(raw) -> { command, problems: [string], fields: {name: value} }
// Walks the PDU the way node-smpp's decoder does, but checks every step.
function inspect(raw) {
  const problems = [];
  const fields = {};
  if (raw.length < 16) {
    return { command: 'short', problems: [`only ${raw.length} octets, a header needs 16`], fields };
  }
  const length = raw.readUInt32BE(0);
  const id = raw.readUInt32BE(4);
  const status = raw.readUInt32BE(8);
  const seq = raw.readUInt32BE(12);
  if (length !== raw.length) problems.push(`command_length ${length} but ${raw.length} octets read`);
  const def = defs.commandsById[id];
  if (!def) {
    problems.push(`command_id 0x${id.toString(16)} unknown to node-smpp`);
    return { command: 'unknown', problems, fields };
  }
  const command = def.command;
  if (command === 'generic_nack') {
    if (seq > 0x7fffffff) problems.push(`sequence_number ${seq} out of range`);
  } else if (seq < 1 || seq > 0x7fffffff) {
    problems.push(`sequence_number ${seq} outside 1..0x7FFFFFFF`);
  }
  const isResponse = (id & 0x80000000) !== 0;
  if (!isResponse && status !== 0) problems.push(`request with command_status ${statusName(status)}`);

  const params = def.params || {};
  const names = Object.keys(params);
  let off = 16;
  if (status !== 0 && isResponse && off === length) {
    return { command, problems, fields }; // error response without a body: as the spec says
  }
  if (names.length === 0 && length > 16) {
    problems.push(`${command} is header-only, but has ${length - 16} body octets: ${hex(raw.subarray(16))}`);
    return { command, problems, fields };
  }
  for (const name of names) {
    if (off >= length) {
      problems.push(`mandatory field ${name} missing (PDU ends at octet ${length}); node-smpp leaves it undefined`);
      return { command, problems, fields };
    }
    const type = params[name].type;
    if (type === smpp.types.cstring) {
      const nul = raw.indexOf(0, off);
      if (nul < 0 || nul >= length) {
        problems.push(`C-string ${name} at octet ${off} has no NUL before the end of the PDU`);
        return { command, problems, fields };
      }
      const value = raw.toString('latin1', off, nul);
      fields[name] = value;
      const size = nul - off + 1;
      if (maxCString[name] && size > maxCString[name]) {
        problems.push(`${name} is ${size} octets with its NUL, SMPP 3.4 allows ${maxCString[name]}`);
      }
      if (timeFields.has(name) && size !== 1 && size !== 17) {
        problems.push(`${name} "${value}" is ${size} octets with its NUL, SMPP 3.4 allows 1 or 17`);
      }
      off = nul + 1;
    } else if (type === smpp.types.int8) {
      fields[name] = raw.readUInt8(off);
      off += 1;
    } else if (type === smpp.types.int16 || type === smpp.types.int32) {
      const n = type === smpp.types.int16 ? 2 : 4;
      if (off + n > length) {
        problems.push(`field ${name} needs ${n} octets at ${off}, PDU ends at ${length}`);
        return { command, problems, fields };
      }
      fields[name] = n === 2 ? raw.readUInt16BE(off) : raw.readUInt32BE(off);
      off += n;
    } else if (type === smpp.types.buffer) {
      // sm_length then that many octets
      const n = raw.readUInt8(off);
      if (off + 1 + n > length) {
        problems.push(`${name}: length octet says ${n}, only ${length - off - 1} octets left`);
        return { command, problems, fields };
      }
      fields[name] = Buffer.from(raw.subarray(off + 1, off + 1 + n));
      off += 1 + n;
    } else {
      // arrays (submit_multi): not used here; let node-smpp's own reader size it
      const value = type.read(raw, off);
      fields[name] = value;
      off += type.size(value);
    }
  }
  if (status !== 0 && isResponse && bodyOmittedOnError.test(command)) {
    problems.push(`${command} with ${statusName(status)} carries a body; SMPP 3.4 omits it on error`);
  }
  // Optional parameters
  const tlvs = [];
  while (off < length) {
    if (off + 4 > length) {
      problems.push(`${length - off} spare octet(s) at the end, too short for a TLV header (node-smpp drops them): ${hex(raw.subarray(off))}`);
      break;
    }
    const tag = raw.readUInt16BE(off);
    const len = raw.readUInt16BE(off + 2);
    if (off + 4 + len > length) {
      problems.push(`TLV 0x${tag.toString(16).padStart(4, '0')} says ${len} octets, only ${length - off - 4} left`);
      break;
    }
    const value = raw.subarray(off + 4, off + 4 + len);
    const tdef = defs.tlvsById[tag];
    const tname = tdef ? tdef.tag : '0x' + tag.toString(16).padStart(4, '0');
    tlvs.push(tname);
    if (tdef) {
      const t = tdef.type;
      const want = t === smpp.types.tlv.int8 ? 1 : t === smpp.types.tlv.int16 ? 2 : t === smpp.types.tlv.int32 ? 4 : null;
      if (want !== null && len !== want) {
        problems.push(`TLV ${tname} has length ${len}, node-smpp reads it as a ${want}-octet integer`);
      } else if (want !== null) {
        fields[tname] = want === 1 ? value.readUInt8(0) : want === 2 ? value.readUInt16BE(0) : value.readUInt32BE(0);
      } else if (t === smpp.types.tlv.cstring) {
        const nul = value.indexOf(0);
        if (len === 0 || nul !== len - 1) {
          problems.push(`TLV ${tname} (C-string) ${nul < 0 ? 'has no NUL' : 'has its NUL at ' + nul + ' of ' + len} ` +
            `(node-smpp reads to the first NUL, past the TLV if none): ${hex(value)}`);
        } else {
          fields[tname] = value.toString('latin1', 0, len - 1);
          if (maxCString[tname.replace(/^receipted_/, '')] && len > 65) {
            problems.push(`TLV ${tname} is ${len} octets, SMPP 3.4 allows 65`);
          }
        }
      } else {
        fields[tname] = Buffer.from(value);
      }
    }
    off += 4 + len;
  }
  if (tlvs.length) fields._tlvs = tlvs;
  return { command, problems, fields, status, seq };
}

// Re-encodes what node-smpp decoded (without its text/time filters) and
// compares with the bytes received: equal means both sides agree on the layout.
function reencodeMismatch(raw) {
  let copy;
  try {
    copy = new PDU(Buffer.from(raw));
  } catch (e) {
    return `node-smpp's decoder threw: ${e.message}`;
  }
  if (copy.command === 'unknown') return null;
  // undo the decode filters: put the raw field values back
  const info = inspect(raw);
  for (const k of Object.keys(info.fields)) {
    if (k in copy && k !== '_tlvs') copy[k] = info.fields[k];
  }
  let again;
  try {
    again = copy.toBuffer();
  } catch (e) {
    return `node-smpp could not re-encode it: ${e.message}`;
  }
  if (Buffer.compare(again, raw) === 0) return null;
  return `node-smpp re-encodes it differently:\n    received ${hex(raw)}\n    node-smpp ${hex(again)}`;
}

// Keeps raw bytes: every PDU node-smpp reads gets a non-enumerable _raw
// (non-enumerable: PDU.toBuffer iterates the object's own keys).
let hooked = false;
const decodeFailures = [];
function captureRaw() {
  if (hooked) return;
  hooked = true;
  PDU.fromStream = function (stream, commandLength) {
    const body = stream.read(commandLength - 4);
    if (!body) return false;
    const raw = Buffer.alloc(4 + body.length);
    raw.writeUInt32BE(commandLength, 0);
    body.copy(raw, 4);
    let pdu;
    try {
      pdu = new PDU(raw);
    } catch (e) {
      decodeFailures.push(`node-smpp could not decode ${hex(raw)}: ${e.message}`);
      throw e;
    }
    Object.defineProperty(pdu, '_raw', { value: raw, enumerable: false });
    return pdu;
  };
}

// check(pdu) -> [problem strings] for one received PDU.
function check(pdu) {
  if (!pdu._raw) return ['raw bytes not captured (captureRaw() not called?)'];
  const info = inspect(pdu._raw);
  const problems = info.problems.slice();
  const unknownTlv = (info.fields._tlvs || []).some((t) => t.startsWith('0x'));
  // node-smpp cannot re-encode unknown TLVs, and writes error responses header-only
  if (problems.length === 0 && !info.status && !unknownTlv) {
    const m = reencodeMismatch(pdu._raw);
    if (m) problems.push(m);
  }
  return problems;
}

module.exports = { smpp, PDU, inspect, check, captureRaw, decodeFailures, statusName, hex };
