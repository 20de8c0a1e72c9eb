// SPDX-License-Identifier: Apache-2.0
// An allocator for the snapshot's large arrays that asks the kernel for 2 MiB pages. A check
// at 10M entries probes an index of 128 MiB and reads records scattered over hundreds more:
// with 4 KiB pages nearly every one of those reads also misses the TLB and walks the page
// table, which huge pages (transparent, `madvise` mode on Debian) avoid. Small arrays, and
// systems that refuse, get ordinary memory.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <sys/mman.h>

namespace credo::engine_core {

inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

template <class T>
struct huge_page_allocator {
    using value_type = T;
    huge_page_allocator() = default;
    template <class U>
    huge_page_allocator(const huge_page_allocator<U> &) noexcept {}

    T *allocate(std::size_t n) {
        if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
        std::size_t bytes = n * sizeof(T);
        if (bytes < huge_page_bytes) {
            void *p = std::malloc(bytes == 0 ? 1 : bytes);
            if (!p) throw std::bad_alloc();
            return static_cast<T *>(p);
        }
        // Whole huge pages, aligned, advised before the first touch so that the kernel maps
        // them huge from the start rather than collapsing small pages later.
        std::size_t rounded = (bytes + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
        void *p = std::aligned_alloc(huge_page_bytes, rounded);
        if (!p) throw std::bad_alloc();
        (void)madvise(p, rounded, MADV_HUGEPAGE);  // advice only: refusal leaves small pages
        return static_cast<T *>(p);
    }
    void deallocate(T *p, std::size_t) noexcept { std::free(p); }

    template <class U>
    bool operator==(const huge_page_allocator<U> &) const noexcept {
        return true;
    }
};

}  // namespace credo::engine_core
