#pragma once
// X-Twilio-Signature: how Twilio (and carriers speaking its webhook protocol) sign the requests they send us.
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace callsign::telephony {

// One decoded form field of a webhook body (application/x-www-form-urlencoded, already percent-decoded).
struct FormParam {
  std::string name;
  std::string value;
};

// Computes and checks signatures for one auth token (a project's `twilio_auth_token` setting).
// The signed text is the full URL Twilio requested (scheme, host, port if any, path, query exactly as
// configured), then every POST parameter sorted by name in byte order, each as name + value with no
// separator; a repeated name appears once per value, its values sorted too; an empty value adds just the
// name. The signature is base64(HMAC-SHA1(auth token, text)).
// Immutable after construction, so one instance may be shared between threads. Holds a secret: never log it.
class TwilioSignature {
 public:
  explicit TwilioSignature(std::string auth_token) : auth_token_(std::move(auth_token)) {}

  // The signature Twilio sends for a POST of `params` to `url`. `params` may be in any order.
  std::string compute(std::string_view url, std::span<const FormParam> params) const;

  // True when `signature` (the X-Twilio-Signature header) is Twilio's signature of this request. Compared in
  // constant time. Like Twilio's own helper libraries, also accepts the signature of `url` with the port
  // removed or with the scheme's default port added (Twilio signs the URL as written in its console, which
  // proxies and --public-url may spell differently). An empty signature or an empty auth token is never valid.
  bool valid(std::string_view url, std::span<const FormParam> params, std::string_view signature) const;

 private:
  std::string auth_token_;
};

}  // namespace callsign::telephony
