#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/config.hpp"

using namespace callsign::app;

TEST(Config, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  auto c = resolve_config({{"threads", "8"}}, {{"threads", "4"}, {"data_dir", "/env"}},
                          {{"threads", "3"}, {"data_dir", "/file"}, {"log_level", "warn"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->threads, 8);
  EXPECT_EQ(c->data_dir, "/env");
  EXPECT_EQ(c->log_level, "warn");
  EXPECT_EQ(c->port, 8080);
}

TEST(Config, ListenParsesHostAndPort) {
  auto c = resolve_config({{"listen", "0.0.0.0:0"}}, {}, {});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "0.0.0.0");
  EXPECT_EQ(c->port, 0);
  auto v6 = resolve_config({{"listen", "[::1]:9000"}}, {}, {});
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
}

TEST(Config, BadValuesNameTheKey) {
  for (auto [key, value] : std::initializer_list<std::pair<const char*, const char*>>{
           {"listen", "8080"}, {"listen", "host:99999"}, {"threads", "0"}, {"threads", "two"},
           {"admin_token", "short"}, {"public_url", "example.com"}, {"log_level", "loud"}}) {
    auto c = resolve_config({{key, value}}, {}, {});
    ASSERT_FALSE(c) << key << "=" << value;
    EXPECT_EQ(c.error().field, key);
  }
}

TEST(Config, ReadsTomlAndRefusesUnknownKeys) {
  auto dir = std::filesystem::temp_directory_path() / ("callsign-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "good.toml") << "listen = \"127.0.0.1:9999\"\nthreads = 3\n";
    std::ofstream(dir / "bad.toml") << "listne = \"127.0.0.1:9999\"\n";
    std::ofstream(dir / "broken.toml") << "listen = \n";
  }
  auto good = read_config_file((dir / "good.toml").string());
  ASSERT_TRUE(good);
  EXPECT_EQ(good->at("threads"), "3");
  auto c = resolve_config({}, {}, *good);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 9999);
  auto bad = read_config_file((dir / "bad.toml").string());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "listne");
  EXPECT_FALSE(read_config_file((dir / "broken.toml").string()));
  EXPECT_FALSE(read_config_file((dir / "missing.toml").string()));
  std::filesystem::remove_all(dir);
}
