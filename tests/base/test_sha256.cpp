// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <string>
#include <thread>

#include "base/sha256.hpp"

using credo::base::sha256;
using credo::base::sha256_hex;

// FIPS 180-2's examples (appendix B.1 and B.2) and the empty message.
TEST_CASE("SHA-256 gives the standard's digests") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256("abc")[0] == 0xba);
}

TEST_CASE("SHA-256 into a reused string replaces what it held") {
    std::string out = "something longer than sixty-four characters, left from an earlier use of the buffer";
    sha256_hex("abc", out);
    CHECK(out == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("each thread hashes with its own context") {
    std::string a, b;
    std::thread t([&] {
        for (int i = 0; i < 1000; ++i) sha256_hex("abc", a);
    });
    for (int i = 0; i < 1000; ++i) sha256_hex("", b);
    t.join();
    CHECK(a == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(b == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
