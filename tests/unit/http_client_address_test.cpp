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

TEST(ClientAddress, CidrRangesTrustAWholeNetwork) {
  const std::vector<std::string> proxies{"10.0.0.0/8", "172.16.0.0/12", "fd00::/8", "192.168.1.7/32"};
  EXPECT_EQ(client_address("10.200.3.4", "203.0.113.7", proxies), "203.0.113.7");
  EXPECT_EQ(client_address("172.31.255.255", "203.0.113.7", proxies), "203.0.113.7") << "last address of a /12";
  EXPECT_EQ(client_address("172.32.0.1", "203.0.113.7", proxies), "172.32.0.1") << "just outside the /12";
  EXPECT_EQ(client_address("fd12:3456::1", "2001:db8::9", proxies), "2001:db8::9");
  EXPECT_EQ(client_address("fe80::1", "2001:db8::9", proxies), "fe80::1");
  EXPECT_EQ(client_address("192.168.1.7", "203.0.113.7", proxies), "203.0.113.7");
  EXPECT_EQ(client_address("192.168.1.8", "203.0.113.7", proxies), "192.168.1.8");
  // A chain through several proxies of the range: the right-most address outside it is the client.
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, 203.0.113.7, 10.9.9.9", proxies), "203.0.113.7");
  // An IPv4 range never matches an IPv6 peer, and junk never matches.
  EXPECT_EQ(client_address("::ffff:10.0.0.1", "203.0.113.7", {"10.0.0.0/8"}), "::ffff:10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", "203.0.113.7", {"10.0.0.0/33"}), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", "203.0.113.7", {"10.0.0.0/"}), "10.0.0.1");
  const std::vector<std::string> everyone{"0.0.0.0/0"};
  EXPECT_EQ(client_address("8.8.8.8", "2001:db8::9", everyone), "2001:db8::9") << "/0 trusts every IPv4 peer";
  EXPECT_EQ(client_address("8.8.8.8", "203.0.113.7", everyone), "8.8.8.8") << "every hop a proxy: the peer";
}

TEST(ClientAddress, ConfigurationEntriesAreAddressesOrRanges) {
  using callsign::http::is_address_or_range;
  for (const char* good : {"127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8", "0.0.0.0/0", "2001:db8::/128", "1.2.3.4/32"})
    EXPECT_TRUE(is_address_or_range(good)) << good;
  for (const char* bad : {"", "localhost", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8",
                          "10.0.0.0/8/8", "1.2.3.4 ", "/8"})
    EXPECT_FALSE(is_address_or_range(bad)) << bad;
}
