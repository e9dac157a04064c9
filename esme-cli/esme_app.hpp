#pragma once
// The ESME application behind smpp-esme: binds N sessions, pumps the traffic, and on stop
// unbinds them all at once; it owns the signals, the summary on stdout, the report file and the
// exit code. Free of Asio, like mc_app.hpp.
#include <memory>

#include "esme_options.hpp"

namespace smpp {

class esme_client {
public:
    explicit esme_client(esme_options options);
    ~esme_client();

    // Binds the sessions and runs until they are all closed; returns an esme_exit code.
    int run();
    // Starts the graceful stop, as the first SIGINT does. A second call closes at once.
    // Callable from any thread.
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace smpp
