#include "run_main.hpp"

#include "smpp/log/log.hpp"

namespace smpp::net {

int run_main(asio::io_context& io, awaitable<int> main, int internal_error, std::string_view role) {
    int code = internal_error;
    asio::co_spawn(io, std::move(main), [&](std::exception_ptr error, int result) {
        if (!error) {
            code = result;
            return;
        }
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& ex) {
            log::event(log::level::error, {.role = role}, "internal_error", ex.what());
        }
    });
    io.run();
    return code;
}

}  // namespace smpp::net
