#include "pcap_writer.hpp"

#include <pcap/pcap.h>
#include <sys/time.h>

#include <mutex>
#include <stdexcept>

#include "tcp_frame.hpp"

namespace smpp::cli {

class pcap_writer {
public:
    explicit pcap_writer(const std::string& path)
        : dead_(pcap_open_dead(DLT_EN10MB, snap_length)), dumper_(dead_ ? pcap_dump_open(dead_, path.c_str()) : nullptr) {
        if (!dumper_) {
            const std::string why = dead_ ? pcap_geterr(dead_) : "libpcap failed";
            if (dead_) pcap_close(dead_);
            throw std::runtime_error("--pcap: cannot write " + path + ": " + why);
        }
    }
    ~pcap_writer() {
        pcap_dump_close(dumper_);
        pcap_close(dead_);
    }
    pcap_writer(const pcap_writer&) = delete;
    pcap_writer& operator=(const pcap_writer&) = delete;

    void write(const std::vector<std::uint8_t>& frame) {
        timeval now{};
        gettimeofday(&now, nullptr);
        pcap_pkthdr header{};
        header.ts = now;
        header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
        // Connections of one process may run on several threads; each record goes out whole,
        // and is flushed so that a run killed mid-way leaves a readable file.
        std::lock_guard lock(mutex_);
        pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data());
        pcap_dump_flush(dumper_);
    }

private:
    static constexpr int snap_length = 262144;
    pcap_t* dead_;
    pcap_dumper_t* dumper_;
    std::mutex mutex_;
};

namespace {

// Wireshark reads segments up to the snap length; 16 KiB keeps them well within it and close
// to what a real stack sends.
constexpr std::size_t segment_size = 16 * 1024;

class pcap_tap final : public log::wire_tap {
public:
    pcap_tap(std::shared_ptr<pcap_writer> file, tcp_ends local_to_remote, bool we_connected)
        : file_(std::move(file)), out_(local_to_remote), in_(reversed(local_to_remote)) {
        // Any initial sequence numbers do, as long as each direction keeps counting from its own.
        constexpr std::uint32_t isn_client = 1000, isn_server = 50000;
        next_out_ = we_connected ? isn_client : isn_server;
        next_in_ = we_connected ? isn_server : isn_client;
        if (we_connected) {
            send(out_, next_out_, 0, tcp_flag::syn);
            send(in_, next_in_, next_out_ + 1, tcp_flag::syn | tcp_flag::ack);
        } else {
            send(in_, next_in_, 0, tcp_flag::syn);
            send(out_, next_out_, next_in_ + 1, tcp_flag::syn | tcp_flag::ack);
        }
        ++next_out_;
        ++next_in_;
        if (we_connected)
            send(out_, next_out_, next_in_, tcp_flag::ack);
        else
            send(in_, next_in_, next_out_, tcp_flag::ack);
    }

    ~pcap_tap() override {
        send(out_, next_out_, next_in_, tcp_flag::fin | tcp_flag::ack);
        send(in_, next_in_, next_out_ + 1, tcp_flag::fin | tcp_flag::ack);
        send(out_, next_out_ + 1, next_in_ + 1, tcp_flag::ack);
    }

    void bytes(log::direction d, std::span<const std::uint8_t> data, const log::context&) override {
        const bool out = d == log::direction::out;
        auto& seq = out ? next_out_ : next_in_;
        const auto ack = out ? next_in_ : next_out_;
        for (std::size_t at = 0; at < data.size(); at += segment_size) {
            const auto chunk = data.subspan(at, std::min(segment_size, data.size() - at));
            send(out ? out_ : in_, seq, ack, tcp_flag::psh | tcp_flag::ack, chunk);
            seq += static_cast<std::uint32_t>(chunk.size());
        }
    }

private:
    static tcp_ends reversed(const tcp_ends& e) { return {e.dst, e.src, e.dst_port, e.src_port}; }

    void send(const tcp_ends& ends, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
              std::span<const std::uint8_t> payload = {}) {
        file_->write(tcp_frame(ends, seq, ack, flags, payload));
    }

    std::shared_ptr<pcap_writer> file_;
    tcp_ends out_, in_;
    std::uint32_t next_out_ = 0, next_in_ = 0;
};

}  // namespace

std::shared_ptr<pcap_writer> open_pcap(const std::string& path) { return std::make_shared<pcap_writer>(path); }

std::unique_ptr<log::wire_tap> make_pcap_tap(std::shared_ptr<pcap_writer> file, const log::wire_connection& c) {
    const auto local = parse_ip(c.local.address);
    const auto remote = parse_ip(c.remote.address);
    if (!local || !remote || local->v6 != remote->v6) return nullptr;
    return std::make_unique<pcap_tap>(std::move(file), tcp_ends{*local, *remote, c.local.port, c.remote.port},
                                      c.we_connected);
}

}  // namespace smpp::cli
