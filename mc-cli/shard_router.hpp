#pragma once
// Receipts and MO of an MC on several threads (--threads): each shard has its own router and
// sends to its own receivers first. A system_id with no receiver here but one on another
// shard has its deliver_sm posted there, and what waited here for a receiver moves to the
// shard where one binds. Which shards have receivers of which system_id each shard learns
// from the others' posts at bind and unbind; nothing is asked across threads per message.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "smpp/mc/receipt_router.hpp"

namespace smpp::mc_app {

class shard_router final : public mc::receipt_router_interface {
public:
    // Runs `work` on shard `to`'s thread, on that shard's router.
    using post_fn = std::function<void(std::size_t to, std::function<void(shard_router&)> work)>;

    // `receivers_changed` runs when another shard's receivers come or go (the MO rate rests
    // while nobody anywhere can take MO).
    shard_router(mc::receipt_router& local, std::size_t index, std::size_t shards, post_fn post,
                 std::function<void()> receivers_changed);

    void receiver_bound(session_id id, const std::string& system_id) override;
    void receiver_gone(session_id id) override;
    void session_closed(session_id id) override;
    using receipt_router_interface::add;
    void add(const std::string& system_id, sm_body receipt, mc::receipt_tag tag) override;
    void follow(mc::receipt_follower follower) override { local_.follow(std::move(follower)); }
    void add_mo(const std::string& system_id, sm_body mo) override;
    void window_opened(session_id id) override { local_.window_opened(id); }
    mc::answer_verdict answered(session_id id, std::uint32_t sequence, command_status status, time_point now) override {
        return local_.answered(id, sequence, status, now);
    }
    void timed_out(session_id id, std::uint32_t sequence) override { local_.timed_out(id, sequence); }
    void retry_due(time_point now) override { local_.retry_due(now); }
    std::optional<time_point> next_retry() const override { return local_.next_retry(); }
    // Every system_id with a receiver on any shard.
    void for_each_bound(mc::function_ref<void(const std::string&)> each) const override;
    std::size_t queued() const noexcept override { return local_.queued(); }
    std::size_t queued(mc::delivery_kind kind) const noexcept override { return local_.queued(kind); }
    std::size_t retrying() const noexcept override { return local_.retrying(); }
    std::size_t retrying(mc::delivery_kind kind) const noexcept override { return local_.retrying(kind); }
    mc::delivery_counts counts(mc::delivery_kind kind) const noexcept override { return local_.counts(kind); }

private:
    // Posted by the other shards.
    void remote_receivers(std::size_t shard, const std::string& system_id, bool present);
    // `hops` shards have passed it on already: a shard whose news is stale passes it on at most
    // once per shard, then queues it.
    void arrive(mc::delivery_kind kind, const std::string& system_id, sm_body body, mc::receipt_tag tag,
                std::size_t hops);

    void route(mc::delivery_kind kind, const std::string& system_id, sm_body body, mc::receipt_tag tag,
               std::size_t hops);
    void add_here(mc::delivery_kind kind, const std::string& system_id, sm_body body, mc::receipt_tag tag);
    void send_to(std::size_t shard, mc::delivery_kind kind, const std::string& system_id, sm_body body,
                 mc::receipt_tag tag, std::size_t hops);
    void left(session_id id);
    void announce(const std::string& system_id, bool present);
    // No receiver here and one elsewhere: what waits here goes there.
    void move_queue(const std::string& system_id);
    // A shard other than this one with a receiver of `system_id`, taking turns; shards_ if none.
    std::size_t remote_for(const std::string& system_id);
    bool here(const std::string& system_id) const { return local_count_.contains(system_id); }

    mc::receipt_router& local_;
    std::size_t index_;
    std::size_t shards_;
    post_fn post_;
    std::function<void()> receivers_changed_;
    std::unordered_map<session_id, std::string> receivers_;      // bound here, not gone yet
    std::unordered_map<std::string, std::size_t> local_count_;   // of those, per system_id
    std::map<std::string, std::vector<bool>, std::less<>> remote_;  // system_id -> shards with receivers
    std::size_t next_remote_ = 0;
};

}  // namespace smpp::mc_app
