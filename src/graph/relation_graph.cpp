// SPDX-License-Identifier: Apache-2.0
// The relation graph on a Boost.Graph compressed sparse row graph, with breadth-first reachability.
#include "graph/relation_graph.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/property_map.hpp>
#include <climits>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace credo::graph {
namespace {

// Days since 1970-01-01; `open_until` stands for a relation without an end.
constexpr std::int32_t open_until = std::numeric_limits<std::int32_t>::max();

enum class toward : std::uint8_t { organisation, person };

// The edge property: 12 bytes. Every relation is stored as two directed edges, person →
// organisation and organisation → person, so that both directions are one row scan.
struct edge_data {
    std::int32_t since = 0;
    std::int32_t until = open_until;  // exclusive
    role_id role = 0;
    toward to = toward::organisation;

    bool active_on(std::int32_t day) const { return since <= day && day < until; }
};

// Why compressed_sparse_row_graph and not adjacency_list: the snapshot never changes after it
// is built, and the CSR layout is what an immutable snapshot wants. It costs 4 bytes a subject
// (row start) and 16 bytes an edge (target + edge_data), with a subject's edges contiguous, so
// a depth-1 query is one cache-friendly scan and a subject without relations is two equal row
// starts. adjacency_list<vecS, vecS, bidirectionalS> would hold two std::vector headers a
// subject (48 bytes × 3,000,000 subjects) plus a list node an edge for its properties, several
// times the memory and a pointer chase an edge; its mutability is of no use here. Building the
// CSR graph is a counting sort, O(subjects + edges).
// 32-bit vertex and edge indexes halve the index memory; relation_graph checks the limits.
using csr_graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, edge_data,
                                                     boost::no_property, std::uint32_t, std::uint32_t>;
using vertex = boost::graph_traits<csr_graph>::vertex_descriptor;
using edge = boost::graph_traits<csr_graph>::edge_descriptor;

// A relation as sorted and merged before construction.
struct packed_relation {
    subject_id person;
    subject_id organisation;
    std::int32_t since;
    std::int32_t until;
    role_id role;
};

std::int32_t day_of(date d) { return d.days_since_epoch(); }

// Sorts by (person, organisation, role, since) and merges windows of the same triple that
// overlap or touch, which also removes exact duplicates. The order is what makes every row of
// the graph come out sorted by the other subject, then role.
std::vector<packed_relation> normalise(std::span<const relation> relations) {
    std::vector<packed_relation> packed;
    packed.reserve(relations.size());
    for (std::size_t i = 0; i < relations.size(); ++i) {
        const relation &r = relations[i];
        if (r.role >= max_roles) {
            throw std::invalid_argument("relation " + std::to_string(i) + ": role " + std::to_string(r.role) +
                                        " is out of range (at most " + std::to_string(max_roles) + " roles)");
        }
        if (r.person == r.organisation) {
            throw std::invalid_argument("relation " + std::to_string(i) + ": subject " + std::to_string(r.person) +
                                        " is both the person and the organisation");
        }
        std::int32_t since = day_of(r.since);
        std::int32_t until = r.until ? day_of(*r.until) : open_until;
        if (until <= since) continue;  // never active, so storing it would change no answer
        packed.push_back({r.person, r.organisation, since, until, r.role});
    }
    std::sort(packed.begin(), packed.end(), [](const packed_relation &a, const packed_relation &b) {
        if (a.person != b.person) return a.person < b.person;
        if (a.organisation != b.organisation) return a.organisation < b.organisation;
        if (a.role != b.role) return a.role < b.role;
        return a.since < b.since;
    });
    std::size_t out = 0;
    for (std::size_t i = 0; i < packed.size(); ++i) {
        const packed_relation &r = packed[i];
        if (out > 0) {
            packed_relation &last = packed[out - 1];
            if (last.person == r.person && last.organisation == r.organisation && last.role == r.role &&
                r.since <= last.until) {
                last.until = std::max(last.until, r.until);
                continue;
            }
        }
        packed[out++] = r;
    }
    packed.resize(out);
    packed.shrink_to_fit();
    return packed;
}

}  // namespace

struct relation_graph::impl {
    csr_graph graph;
    std::size_t relations = 0;

    // Calls fn(edge, target, data) for each edge out of `from` with a role in `roles`, active on
    // `day`, leading `to` the given side (or to either side when `to` is empty).
    template <class F>
    void scan(subject_id from, role_mask roles, std::int32_t day, std::optional<toward> to, F &&fn) const {
        auto [it, end] = boost::out_edges(from, graph);
        for (; it != end; ++it) {
            const edge_data &data = graph[*it];
            if (to && data.to != *to) continue;
            if (((roles >> data.role) & 1U) == 0 || !data.active_on(day)) continue;
            fn(boost::target(*it, graph), data.role);
        }
    }
};

relation_graph::relation_graph() : relation_graph(std::span<const relation>{}) {}

relation_graph::relation_graph(std::span<const relation> relations, std::size_t subject_count) {
    std::vector<packed_relation> packed = normalise(relations);

    std::size_t vertices = subject_count;
    for (const packed_relation &r : packed) {
        vertices = std::max<std::size_t>(vertices, std::size_t{std::max(r.person, r.organisation)} + 1);
    }
    // Both indexes are 32 bits wide: the row starts count edges up to 2 × relations.
    constexpr std::size_t limit = std::numeric_limits<std::uint32_t>::max();
    if (vertices >= limit || packed.size() > limit / 2) {
        throw std::length_error("relation graph: more subjects or relations than 32-bit indexes hold");
    }

    // Edge 2i is relation i from the person, edge 2i + 1 from the organisation; generated on the
    // fly so that construction needs no edge list besides `packed`.
    auto edge_at = [&packed](std::uint32_t i) {
        const packed_relation &r = packed[i / 2];
        return (i % 2 == 0) ? std::pair<vertex, vertex>(r.person, r.organisation)
                            : std::pair<vertex, vertex>(r.organisation, r.person);
    };
    auto data_at = [&packed](std::uint32_t i) {
        const packed_relation &r = packed[i / 2];
        return edge_data{r.since, r.until, r.role, (i % 2 == 0) ? toward::organisation : toward::person};
    };
    auto count = [](std::uint32_t i) { return boost::counting_iterator<std::uint32_t>(i); };
    auto edges_end = static_cast<std::uint32_t>(packed.size() * 2);

    auto built = std::make_unique<impl>();
    // The histogram sort is stable, so each row keeps the order of `packed`: sorted by the
    // subject at the other end, then role, then since.
    built->graph = csr_graph(boost::edges_are_unsorted_multi_pass, boost::make_transform_iterator(count(0), edge_at),
                             boost::make_transform_iterator(count(edges_end), edge_at),
                             boost::make_transform_iterator(count(0), data_at), static_cast<vertex>(vertices));
    built->relations = packed.size();
    row_start_ = built->graph.m_forward.m_rowstart.data();
    subject_count_ = vertices;
    impl_ = std::move(built);
}

relation_graph::~relation_graph() = default;

relation_graph::relation_graph(relation_graph &&other) noexcept
    : impl_(std::move(other.impl_)),
      row_start_(std::exchange(other.row_start_, nullptr)),
      subject_count_(std::exchange(other.subject_count_, 0)) {}

relation_graph &relation_graph::operator=(relation_graph &&other) noexcept {
    impl_ = std::move(other.impl_);
    row_start_ = std::exchange(other.row_start_, nullptr);
    subject_count_ = std::exchange(other.subject_count_, 0);
    return *this;
}

std::size_t relation_graph::relation_count() const { return impl_ ? impl_->relations : 0; }

std::size_t relation_graph::memory_bytes() const {
    if (!impl_) return sizeof(*this);
    const auto &forward = impl_->graph.m_forward;
    return sizeof(*this) + sizeof(impl) + forward.m_rowstart.capacity() * sizeof(std::uint32_t) +
           forward.m_column.capacity() * sizeof(vertex) + boost::num_edges(impl_->graph) * sizeof(edge_data);
}

void relation_graph::for_each_person_of(subject_id organisation, role_mask roles, date on,
                                        function_ref<void(subject_id, role_id)> fn) const {
    if (!has_relations(organisation)) return;
    impl_->scan(organisation, roles, day_of(on), toward::person, fn);
}

void relation_graph::for_each_organisation_of(subject_id person, role_mask roles, date on,
                                              function_ref<void(subject_id, role_id)> fn) const {
    if (!has_relations(person)) return;
    impl_->scan(person, roles, day_of(on), toward::organisation, fn);
}

namespace {

// Breadth-first search state for depth > 1: sparse, because a search touches a handful of the
// millions of subjects and a dense colour map would cost O(subjects) a call.
struct search_state {
    std::unordered_map<vertex, boost::default_color_type> colour;  // absent = white
    std::unordered_map<vertex, unsigned> depth;
};

// Keeps the edges a search may follow: role in the mask, active on the date, and leaving a
// subject nearer than max_depth (the depth of a source is known before its edges are examined,
// since it is set on discovery), which is how a breadth-first search stops at a depth.
struct edge_filter {
    const csr_graph *graph = nullptr;
    const search_state *state = nullptr;
    role_mask roles = 0;
    std::int32_t day = 0;
    unsigned max_depth = 0;

    bool operator()(const edge &e) const {
        const edge_data &data = (*graph)[e];
        return ((roles >> data.role) & 1U) != 0 && data.active_on(day) &&
               state->depth.at(boost::source(e, *graph)) < max_depth;
    }
};

struct reach_visitor : boost::default_bfs_visitor {
    const csr_graph *graph = nullptr;
    search_state *state = nullptr;
    const function_ref<void(const reach &)> *fn = nullptr;

    template <class Graph>
    void tree_edge(const edge &e, const Graph &) const {
        vertex from = boost::source(e, *graph);
        vertex to = boost::target(e, *graph);
        unsigned depth = state->depth.at(from) + 1;
        state->depth.emplace(to, depth);
        (*fn)(reach{to, from, (*graph)[e].role, depth});
    }
};

}  // namespace

void relation_graph::reachable(subject_id from, role_mask roles, date on, unsigned max_depth,
                               function_ref<void(const reach &)> fn) const {
    if (max_depth == 0 || !has_relations(from)) return;
    std::int32_t day = day_of(on);
    if (max_depth == 1) {
        // A row is sorted by the subject at the other end, so the edges to one subject are
        // adjacent and the first that passes is the one a breadth-first search would take.
        std::optional<subject_id> last;
        impl_->scan(from, roles, day, std::nullopt, [&](subject_id to, role_id role) {
            if (last == to) return;
            last = to;
            fn(reach{to, from, role, 1});
        });
        return;
    }

    const csr_graph &graph = impl_->graph;
    search_state state;
    state.depth.emplace(from, 0);
    edge_filter filter{&graph, &state, roles, day, max_depth};
    boost::filtered_graph<csr_graph, edge_filter> filtered(graph, filter);
    reach_visitor visitor;
    visitor.graph = &graph;
    visitor.state = &state;
    visitor.fn = &fn;
    boost::queue<vertex> queue;
    boost::breadth_first_visit(filtered, from, queue, visitor, boost::make_assoc_property_map(state.colour));
}

}  // namespace credo::graph
