#include "shard_router.hpp"

#include <algorithm>

namespace smpp::mc_app {

shard_router::shard_router(mc::receipt_router& local, std::size_t index, std::size_t shards, post_fn post,
                           std::function<void()> receivers_changed)
    : local_(local), index_(index), shards_(shards), post_(std::move(post)),
      receivers_changed_(std::move(receivers_changed)) {}

void shard_router::receiver_bound(session_id id, const std::string& system_id) {
    local_.receiver_bound(id, system_id);
    if (!receivers_.emplace(id, system_id).second) return;
    if (++local_count_[system_id] == 1) announce(system_id, true);
}

void shard_router::receiver_gone(session_id id) {
    local_.receiver_gone(id);
    left(id);
}

void shard_router::session_closed(session_id id) {
    local_.session_closed(id);
    left(id);
}

void shard_router::left(session_id id) {
    const auto r = receivers_.find(id);
    if (r == receivers_.end()) return;
    const std::string system_id = std::move(r->second);
    receivers_.erase(r);
    const auto c = local_count_.find(system_id);
    if (--c->second != 0) return;
    local_count_.erase(c);
    announce(system_id, false);
    move_queue(system_id);
}

void shard_router::announce(const std::string& system_id, bool present) {
    for (std::size_t to = 0; to < shards_; ++to)
        if (to != index_)
            post_(to, [from = index_, system_id, present](shard_router& r) { r.remote_receivers(from, system_id, present); });
}

void shard_router::remote_receivers(std::size_t shard, const std::string& system_id, bool present) {
    auto& shards = remote_[system_id];
    shards.resize(shards_);
    shards[shard] = present;
    if (present) move_queue(system_id);
    receivers_changed_();
}

std::size_t shard_router::remote_for(const std::string& system_id) {
    const auto it = remote_.find(system_id);
    if (it == remote_.end()) return shards_;
    for (std::size_t i = 0; i < shards_; ++i) {
        const auto k = (next_remote_ + i) % shards_;
        if (it->second[k]) {
            next_remote_ = k + 1;
            return k;
        }
    }
    return shards_;
}

void shard_router::move_queue(const std::string& system_id) {
    if (here(system_id)) return;
    const auto to = remote_for(system_id);
    if (to == shards_) return;
    local_.take_queued(system_id, [&](mc::delivery_kind kind, sm_body body, mc::receipt_tag tag) {
        send_to(to, kind, system_id, std::move(body), tag, 1);
    });
}

void shard_router::add(const std::string& system_id, sm_body receipt, mc::receipt_tag tag) {
    route(mc::delivery_kind::receipt, system_id, std::move(receipt), tag, 0);
}

void shard_router::add_mo(const std::string& system_id, sm_body mo) {
    route(mc::delivery_kind::mo, system_id, std::move(mo), 0, 0);
}

void shard_router::arrive(mc::delivery_kind kind, const std::string& system_id, sm_body body, mc::receipt_tag tag,
                          std::size_t hops) {
    route(kind, system_id, std::move(body), tag, hops);
}

void shard_router::route(mc::delivery_kind kind, const std::string& system_id, sm_body body, mc::receipt_tag tag,
                         std::size_t hops) {
    if (!here(system_id) && hops < shards_)
        if (const auto to = remote_for(system_id); to != shards_)
            return send_to(to, kind, system_id, std::move(body), tag, hops + 1);
    add_here(kind, system_id, std::move(body), tag);
}

void shard_router::add_here(mc::delivery_kind kind, const std::string& system_id, sm_body body, mc::receipt_tag tag) {
    if (kind == mc::delivery_kind::mo) return local_.add_mo(system_id, std::move(body));
    local_.add(system_id, std::move(body), tag);
}

void shard_router::send_to(std::size_t shard, mc::delivery_kind kind, const std::string& system_id, sm_body body,
                           mc::receipt_tag tag, std::size_t hops) {
    post_(shard, [kind, system_id, body = std::move(body), tag, hops](shard_router& r) mutable {
        r.arrive(kind, system_id, std::move(body), tag, hops);
    });
}

void shard_router::for_each_bound(mc::function_ref<void(const std::string&)> each) const {
    local_.for_each_bound(each);
    for (const auto& [system_id, shards] : remote_)
        if (!here(system_id) && std::find(shards.begin(), shards.end(), true) != shards.end()) each(system_id);
}

}  // namespace smpp::mc_app
