//! alice's password hash (Django's PBKDF2-SHA256, salt `oraclefixedsalt1`) and
//! `_auth_user_hash`, checked with a real PBKDF2 run, and the login/logout cycle.

use djsim::contrib::auth::{pbkdf2_sha256_b64, ALICE_HASH_32, ALICE_HASH_52, ALICE_PASSWORD, ALICE_SALT};

#[track_caller]
fn check_hash(encoded: &str, iterations: u32) {
    let want = format!("pbkdf2_sha256${iterations}${ALICE_SALT}${}", pbkdf2_sha256_b64(ALICE_PASSWORD, ALICE_SALT, iterations));
    assert_eq!(encoded, want);
}

#[test] // make_password('wonderland-42', salt='oraclefixedsalt1') in Django 5.2 (1,000,000 iterations)
fn alice_hash_52_is_real_pbkdf2() {
    check_hash(ALICE_HASH_52, 1_000_000);
}

#[test] // … and in Django 3.2 (260,000 iterations)
fn alice_hash_32_is_real_pbkdf2() {
    check_hash(ALICE_HASH_32, 260_000);
}

use djsim::conf::{DjangoVersion, Settings};
use djsim::handlers::{Request, Server};
use djsim::pyjson::Value;
use djsim::signing::{salted_hmac, Algorithm};
use djsim::time::SimTime;

fn get(path: &str, cookie: &str) -> Request {
    let mut headers = vec![("Host".to_string(), "localhost:8000".to_string())];
    if !cookie.is_empty() {
        headers.push(("Cookie".into(), cookie.into()));
    }
    Request { method: "GET".into(), scheme: "http".into(), host: "localhost:8000".into(), path: path.into(), query: String::new(), headers, body: Vec::new() }
}

#[test] // Django 3.2 (legacy hashing): 260,000 iterations, a SHA-1 `_auth_user_hash`.
fn login_upgrades_the_salt_and_stores_the_hmac_of_the_new_hash() {
    let mut settings = Settings::defaults(DjangoVersion::V3_2);
    settings.apply_json(serde_json::json!({"DEFAULT_HASHING_ALGORITHM": "sha1"}).as_object().unwrap()).unwrap();
    let secret = settings.secret_key.clone();
    let mut s = Server::new(DjangoVersion::V3_2, settings, 1, SimTime::LECTURE).unwrap();
    let ex = s.handle(&get("/session/login", ""), SimTime::LECTURE);
    assert_eq!(String::from_utf8_lossy(&ex.response.body), "logged in as alice");
    let cookies: Vec<&str> = ex.response.headers.iter().filter(|(n, _)| n == "Set-Cookie").map(|(_, v)| v.as_str()).collect();
    assert!(cookies[0].starts_with("csrftoken=") && cookies[1].starts_with("sessionid="), "{cookies:?}");
    // "must_update_salt": 16 characters of salt carry < 128 bits, so Django re-hashes
    // with a fresh 22-character salt on the first successful authenticate().
    let password = s.sql("SELECT password FROM auth_user WHERE username = 'alice'").unwrap().rows[0][0].display();
    let parts: Vec<&str> = password.split('$').collect();
    assert_eq!((parts[0], parts[1], parts[2].len()), ("pbkdf2_sha256", "260000", 22));
    let rows = s.sessions(SimTime::LECTURE);
    let d = &rows[0].decoded;
    assert_eq!(d.get("_auth_user_id"), Some(&Value::str("1")));
    assert_eq!(d.get("_auth_user_backend"), Some(&Value::str("django.contrib.auth.backends.ModelBackend")));
    let mac = salted_hmac("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash", password.as_bytes(), &secret, Algorithm::Sha1);
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(d.get("_auth_user_hash"), Some(&Value::Str(hex)));
    // whoami reads the session; logout flushes it.
    let key = cookies[1].split(';').next().unwrap().to_string();
    let ex = s.handle(&get("/session/whoami", &key), SimTime::LECTURE);
    assert_eq!(String::from_utf8_lossy(&ex.response.body), "user=alice");
    let ex = s.handle(&get("/session/logout", &key), SimTime::LECTURE);
    assert!(ex.response.headers.iter().any(|(n, v)| n == "Set-Cookie" && v.starts_with("sessionid=\"\"")));
    assert!(s.sessions(SimTime::LECTURE).is_empty());
    let ex = s.handle(&get("/session/whoami", &key), SimTime::LECTURE);
    assert_eq!(String::from_utf8_lossy(&ex.response.body), "user=AnonymousUser");
}
