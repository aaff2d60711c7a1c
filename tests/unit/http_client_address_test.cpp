#include <gtest/gtest.h>

#include "http/client_address.hpp"

using callsign::http::client_address;

TEST(ClientAddress, ForwardedForIsBelievedOnlyFromATrustedProxy) {
  const std::vector<std::string> proxies{"127.0.0.1", "10.0.0.5"};
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", proxies), "203.0.113.7");
  EXPECT_EQ(client_address("198.51.100.9", "203.0.113.7", proxies), "198.51.100.9") << "anyone can send the header";
  EXPECT_EQ(client_address("127.0.0.1", "", proxies), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", {}), "127.0.0.1") << "no trusted proxies: never believed";
}

TEST(ClientAddress, TheRightMostUntrustedHopIsTheClient) {
  const std::vector<std::string> proxies{"127.0.0.1", "10.0.0.5"};
  // The client forged a first entry; our proxies appended the real one and their own.
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.5", proxies), "203.0.113.7");
  EXPECT_EQ(client_address("127.0.0.1", " 2001:db8::1 ,  ", proxies), "2001:db8::1");
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.5, 127.0.0.1", proxies), "127.0.0.1") << "only proxies: the peer";
}
