#pragma once
// How a run over several threads divides between them; plain data, free of Asio.
#include "esme_options.hpp"

namespace smpp::esme {

// Shard `k` of `count`: a block of the sessions, every count-th message from the k-th (so the
// report finds message i in shard i % count as its message i / count), and the share of --rate
// its messages are. The coordinator's own duties (signals, --duration) are taken out.
esme_options shard_options(const esme_options& whole, unsigned k, unsigned count);

}  // namespace smpp::esme
