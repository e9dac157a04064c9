#pragma once
#include <cstdint>
#include <string_view>

namespace smpp {

// SMPP 3.4 Table 5-2 (the subset this toolkit produces or interprets by name).
enum class command_status : std::uint32_t {
    ok = 0x00,
    invalid_msg_length = 0x01,       // ESME_RINVMSGLEN
    invalid_cmd_length = 0x02,       // ESME_RINVCMDLEN
    invalid_cmd_id = 0x03,           // ESME_RINVCMDID
    invalid_bind_status = 0x04,      // ESME_RINVBNDSTS
    already_bound = 0x05,            // ESME_RALYBND
    system_error = 0x08,             // ESME_RSYSERR
    invalid_source_addr = 0x0A,      // ESME_RINVSRCADR
    invalid_dest_addr = 0x0B,        // ESME_RINVDSTADR
    invalid_message_id = 0x0C,       // ESME_RINVMSGID
    bind_failed = 0x0D,              // ESME_RBINDFAIL
    invalid_password = 0x0E,         // ESME_RINVPASWD
    invalid_system_id = 0x0F,        // ESME_RINVSYSID
    cancel_failed = 0x11,            // ESME_RCANCELFAIL
    replace_failed = 0x13,           // ESME_RREPLACEFAIL
    message_queue_full = 0x14,       // ESME_RMSGQFUL
    invalid_service_type = 0x15,     // ESME_RINVSERTYP
    invalid_num_dests = 0x33,        // ESME_RINVNUMDESTS
    invalid_dl_name = 0x34,          // ESME_RINVDLNAME
    invalid_dest_flag = 0x40,        // ESME_RINVDESTFLAG
    invalid_system_type = 0x53,      // ESME_RINVSYSTYP
    throttled = 0x58,                // ESME_RTHROTTLED
    invalid_schedule = 0x61,         // ESME_RINVSCHED
    invalid_expiry = 0x62,           // ESME_RINVEXPIRY
    x_temp_app_error = 0x64,         // ESME_RX_T_APPN: the ESME asks for the message again later
    x_perm_app_error = 0x65,         // ESME_RX_P_APPN: the ESME will never take the message
    x_reject_app_error = 0x66,       // ESME_RX_R_APPN: the ESME refuses this message
    query_failed = 0x67,             // ESME_RQUERYFAIL
    invalid_optional_stream = 0xC0,  // ESME_RINVOPTPARSTREAM
    optional_not_allowed = 0xC1,     // ESME_ROPTPARNOTALLWD
    invalid_param_length = 0xC2,     // ESME_RINVPARLEN
    missing_optional = 0xC3,         // ESME_RMISSINGOPTPARAM
    invalid_optional_value = 0xC4,   // ESME_RINVOPTPARAMVAL
    delivery_failure = 0xFE,         // ESME_RDELIVERYFAILURE
    unknown_error = 0xFF,            // ESME_RUNKNOWNERR
};

// "ESME_RINVPASWD" style names; unknown values give "ESME_UNKNOWN".
std::string_view name_of(command_status status) noexcept;

}  // namespace smpp
