#include "smpp/codec/command_id.hpp"
#include "smpp/codec/command_status.hpp"

namespace smpp {

bool is_known(std::uint32_t raw_id) noexcept {
    return name_of(static_cast<command_id>(raw_id)) != "unknown";
}

std::string_view name_of(command_id id) noexcept {
    switch (id) {
        case command_id::generic_nack: return "generic_nack";
        case command_id::bind_receiver: return "bind_receiver";
        case command_id::bind_receiver_resp: return "bind_receiver_resp";
        case command_id::bind_transmitter: return "bind_transmitter";
        case command_id::bind_transmitter_resp: return "bind_transmitter_resp";
        case command_id::query_sm: return "query_sm";
        case command_id::query_sm_resp: return "query_sm_resp";
        case command_id::submit_sm: return "submit_sm";
        case command_id::submit_sm_resp: return "submit_sm_resp";
        case command_id::deliver_sm: return "deliver_sm";
        case command_id::deliver_sm_resp: return "deliver_sm_resp";
        case command_id::unbind: return "unbind";
        case command_id::unbind_resp: return "unbind_resp";
        case command_id::replace_sm: return "replace_sm";
        case command_id::replace_sm_resp: return "replace_sm_resp";
        case command_id::cancel_sm: return "cancel_sm";
        case command_id::cancel_sm_resp: return "cancel_sm_resp";
        case command_id::bind_transceiver: return "bind_transceiver";
        case command_id::bind_transceiver_resp: return "bind_transceiver_resp";
        case command_id::outbind: return "outbind";
        case command_id::enquire_link: return "enquire_link";
        case command_id::enquire_link_resp: return "enquire_link_resp";
        case command_id::submit_multi: return "submit_multi";
        case command_id::submit_multi_resp: return "submit_multi_resp";
        case command_id::alert_notification: return "alert_notification";
        case command_id::data_sm: return "data_sm";
        case command_id::data_sm_resp: return "data_sm_resp";
    }
    return "unknown";
}

std::string_view name_of(command_status status) noexcept {
    switch (status) {
        case command_status::ok: return "ESME_ROK";
        case command_status::invalid_msg_length: return "ESME_RINVMSGLEN";
        case command_status::invalid_cmd_length: return "ESME_RINVCMDLEN";
        case command_status::invalid_cmd_id: return "ESME_RINVCMDID";
        case command_status::invalid_bind_status: return "ESME_RINVBNDSTS";
        case command_status::already_bound: return "ESME_RALYBND";
        case command_status::system_error: return "ESME_RSYSERR";
        case command_status::invalid_source_addr: return "ESME_RINVSRCADR";
        case command_status::invalid_dest_addr: return "ESME_RINVDSTADR";
        case command_status::invalid_message_id: return "ESME_RINVMSGID";
        case command_status::bind_failed: return "ESME_RBINDFAIL";
        case command_status::invalid_password: return "ESME_RINVPASWD";
        case command_status::invalid_system_id: return "ESME_RINVSYSID";
        case command_status::cancel_failed: return "ESME_RCANCELFAIL";
        case command_status::replace_failed: return "ESME_RREPLACEFAIL";
        case command_status::message_queue_full: return "ESME_RMSGQFUL";
        case command_status::invalid_service_type: return "ESME_RINVSERTYP";
        case command_status::invalid_num_dests: return "ESME_RINVNUMDESTS";
        case command_status::invalid_dl_name: return "ESME_RINVDLNAME";
        case command_status::invalid_dest_flag: return "ESME_RINVDESTFLAG";
        case command_status::invalid_system_type: return "ESME_RINVSYSTYP";
        case command_status::throttled: return "ESME_RTHROTTLED";
        case command_status::x_temp_app_error: return "ESME_RX_T_APPN";
        case command_status::x_perm_app_error: return "ESME_RX_P_APPN";
        case command_status::x_reject_app_error: return "ESME_RX_R_APPN";
        case command_status::invalid_schedule: return "ESME_RINVSCHED";
        case command_status::invalid_expiry: return "ESME_RINVEXPIRY";
        case command_status::query_failed: return "ESME_RQUERYFAIL";
        case command_status::invalid_optional_stream: return "ESME_RINVOPTPARSTREAM";
        case command_status::optional_not_allowed: return "ESME_ROPTPARNOTALLWD";
        case command_status::invalid_param_length: return "ESME_RINVPARLEN";
        case command_status::missing_optional: return "ESME_RMISSINGOPTPARAM";
        case command_status::invalid_optional_value: return "ESME_RINVOPTPARAMVAL";
        case command_status::delivery_failure: return "ESME_RDELIVERYFAILURE";
        case command_status::unknown_error: return "ESME_RUNKNOWNERR";
    }
    return "ESME_UNKNOWN";
}

}  // namespace smpp
