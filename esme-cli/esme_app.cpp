#include "esme_app.hpp"

#include <algorithm>
#include <cmath>

#include "esme_shard.hpp"
#include "esme_threads.hpp"
#include "run_main.hpp"

namespace smpp {

std::string expand_session_template(const std::string& pattern, unsigned n) {
    std::string out;
    const std::string number = std::to_string(n);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern.compare(i, 3, "{n}") == 0) {
            out += number;
            i += 2;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

void size_open_ended_traffic(esme_options& o) {
    if (o.synthetic_count != 0 || !o.messages.empty() || !(o.rate > 0) || !o.duration || o.mode == bind_type::receiver)
        return;
    const double seconds = std::chrono::duration<double>(*o.duration).count() + 1;
    o.synthetic_count = static_cast<std::uint64_t>(std::ceil(o.rate * seconds));
    o.open_ended = true;
}

// One of the two, by --threads: a thread never has fewer than one session.
struct esme_client::impl {
    std::unique_ptr<esme::shard> one;
    std::unique_ptr<esme::threaded_run> many;
};

esme_client::esme_client(esme_options options) : impl_(std::make_unique<impl>()) {
    size_open_ended_traffic(options);
    const unsigned threads = std::min(std::max(1u, options.threads), std::max(1u, options.sessions));
    if (threads == 1)
        impl_->one = std::make_unique<esme::shard>(std::move(options));
    else
        impl_->many = std::make_unique<esme::threaded_run>(options, threads);
}

esme_client::~esme_client() = default;

int esme_client::run() {
    if (impl_->many) return impl_->many->run();
    return net::run_main(impl_->one->io, impl_->one->main(), esme_exit::internal_error, "esme");
}

void esme_client::stop() {
    if (impl_->many) return impl_->many->stop();
    net::asio::post(impl_->one->io, [s = impl_->one.get()] { s->request_stop(); });
}

}  // namespace smpp
