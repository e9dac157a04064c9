#pragma once
// One table of SMPP 3.4 field limits (§4), shared by encoder and decoder so both enforce the
// same rules. Sizes count the terminating NUL, as the spec does.
#include <cstddef>

#include "smpp/codec/command_status.hpp"

namespace smpp::detail {

struct cstring_rule {
    std::size_t max_size;        // including NUL
    command_status when_broken;  // status that names the field
};

inline constexpr cstring_rule system_id_rule{16, command_status::invalid_system_id};
inline constexpr cstring_rule password_rule{9, command_status::invalid_password};
inline constexpr cstring_rule system_type_rule{13, command_status::invalid_system_type};
inline constexpr cstring_rule address_range_rule{41, command_status::invalid_param_length};
inline constexpr cstring_rule service_type_rule{6, command_status::invalid_service_type};
inline constexpr cstring_rule source_addr_rule{21, command_status::invalid_source_addr};
inline constexpr cstring_rule dest_addr_rule{21, command_status::invalid_dest_addr};
inline constexpr cstring_rule message_id_rule{65, command_status::invalid_message_id};
// Absolute or relative time: empty, or exactly 16 characters.
inline constexpr cstring_rule schedule_rule{17, command_status::invalid_schedule};
inline constexpr cstring_rule validity_rule{17, command_status::invalid_expiry};
inline constexpr std::size_t time_field_length = 16;
inline constexpr std::size_t max_short_message = 254;

}  // namespace smpp::detail
