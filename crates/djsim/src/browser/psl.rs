//! Public suffixes: which names a cookie's `Domain` may not name, and a host's
//! registrable domain (eTLD+1), the "site" that same-site decisions compare.
//!
//! Choice (web page size budget): the full Public Suffix List costs about 80 KB gzipped
//! compiled in (measured: `cookie_store` + Debian's 246 kB list ≈ +81 kB for the data
//! alone); the `psl` crate is 2.5 MB of generated match code. This module instead
//! embeds a curated subset (957 rules, 6.7 kB of text, 2.2 kB with `gzip -9`):
//!
//! * every top-level domain, by the list's own default rule: "If no rules match, the
//!   prevailing rule is `*`" (publicsuffix.org/list), which makes `com`, `org`,
//!   `example`, … public suffixes without listing them;
//! * the ICANN section's two-label rules whose first label is a generic registry
//!   label (`co`, `com`, `net`, `org`, `ac`, `gov`, `edu`, …) under a country code:
//!   `co.uk`, `com.au`, `co.jp`, …;
//! * a few PRIVATE-section rules that hosting of Django sites meets: `pythonanywhere.com`,
//!   `herokuapp.com`, `github.io`, … (Chromium's cookie code includes private
//!   registries: `GetEffectiveDomain` uses `INCLUDE_PRIVATE_REGISTRIES`).
//!
//! Rules were taken from Debian's `publicsuffix` package (`public_suffix_list.dat`).
//! A host under a suffix missing here is treated as if that suffix were not public.
//!
//! Chromium's `GetDomainAndRegistry` is followed where it differs from a naive reading
//! of the list: a single-label host (`localhost`) and an IP address have no
//! registrable domain; an unknown TLD counts as a registry (`INCLUDE_UNKNOWN_REGISTRIES`),
//! so `evil.example` is a registrable domain.

use std::sync::OnceLock;

/// The registrable domain (eTLD+1) of a lowercase host, as Chromium's
/// `GetDomainAndRegistry(host, INCLUDE_PRIVATE_REGISTRIES)` computes it: `None` for an
/// IP address, a single-label host, or a host that is itself a public suffix.
pub fn registrable_domain(host: &str) -> Option<&str> {
    if host.is_empty() || is_ip_address(host) || host.starts_with('.') || host.ends_with('.') {
        return None;
    }
    let suffix_len = public_suffix_len(host)?;
    if suffix_len >= host.len() {
        return None; // the host is itself a public suffix
    }
    let before = &host[..host.len() - suffix_len - 1];
    let start = before.rfind('.').map_or(0, |i| i + 1);
    Some(&host[start..])
}

/// Whether `host` is a public suffix (`com`, `co.uk`, `github.io`, …).
pub fn is_public_suffix(host: &str) -> bool {
    if host.is_empty() || is_ip_address(host) {
        return false;
    }
    // A single label is a public suffix by the default rule `*`.
    public_suffix_len(host).is_none_or(|n| n == host.len())
}

/// Whether `host` is an IPv4 dotted quad or a bracketed IPv6 literal.
pub fn is_ip_address(host: &str) -> bool {
    if host.starts_with('[') && host.ends_with(']') {
        return true;
    }
    // Four dot-separated parts, each 1–3 digits worth at most 255.
    let (mut parts, mut digits, mut value) = (1, 0, 0u32);
    for b in host.bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                value = value * 10 + (b - b'0') as u32;
                if digits > 3 || value > 255 {
                    return false;
                }
            }
            b'.' if digits > 0 && parts < 4 => {
                parts += 1;
                digits = 0;
                value = 0;
            }
            _ => return false,
        }
    }
    parts == 4 && digits > 0
}

/// The length of the public suffix at the end of `host`; `None` when the host has a
/// single label ("This can't have a registry + domain", Chromium).
fn public_suffix_len(host: &str) -> Option<usize> {
    if !host.contains('.') {
        return None;
    }
    // Walk from the most specific candidate to the least: "a.b.c", "b.c", "c".
    let mut start = 0;
    loop {
        let candidate = &host[start..];
        if is_listed(candidate) {
            return Some(candidate.len());
        }
        match candidate.find('.') {
            Some(i) => start += i + 1,
            // "If no rules match, the prevailing rule is `*`": the last label.
            None => return Some(candidate.len()),
        }
    }
}

fn is_listed(suffix: &str) -> bool {
    // A sorted list and a binary search rather than a HashSet: no hash table code in
    // the page for ~950 names (`icann_rules_are_sorted` keeps the search valid).
    static ICANN: OnceLock<Vec<&'static str>> = OnceLock::new();
    let icann = ICANN.get_or_init(|| ICANN_RULES.split_ascii_whitespace().collect());
    suffix.contains('.') && (icann.binary_search(&suffix).is_ok() || PRIVATE_RULES.split_ascii_whitespace().any(|r| r == suffix))
}

/// Two-label ICANN rules with a generic first label under a country code.
const ICANN_RULES: &str = "
ac.ae ac.at ac.be ac.ci ac.cn ac.cr ac.cy ac.fj ac.gn ac.id ac.il ac.im ac.in ac.ir ac.jp
ac.ke ac.kr ac.lk ac.ls ac.ma ac.me ac.mu ac.mw ac.mz ac.ni ac.nz ac.pa ac.pr ac.rs ac.rw
ac.se ac.sz ac.th ac.tj ac.tz ac.ug ac.uk ac.vn ac.za ac.zm ac.zw co.ae co.ag co.am co.ao
co.at co.bb co.bi co.bj co.bw co.ci co.cl co.cm co.cr co.gg co.gl co.gy co.hu co.id co.il
co.im co.in co.ir co.it co.je co.jp co.ke co.kr co.lc co.ls co.ma co.me co.mg co.mu co.mw
co.mz co.na co.ni co.nz co.om co.pn co.pw co.rs co.rw co.st co.sz co.th co.tj co.tm co.tt
co.tz co.ug co.uk co.us co.uz co.ve co.vi co.za co.zm co.zw com.ac com.af com.ag com.ai
com.al com.am com.ar com.au com.aw com.az com.ba com.bb com.bh com.bi com.bj com.bm com.bn
com.bo com.br com.bs com.bt com.by com.bz com.ci com.cm com.cn com.co com.cu com.cv com.cw
com.cy com.dm com.do com.dz com.ec com.ee com.eg com.es com.et com.fj com.fm com.fr com.ge
com.gh com.gi com.gl com.gn com.gp com.gr com.gt com.gu com.gy com.hk com.hn com.hr com.ht
com.im com.in com.io com.iq com.is com.jo com.kg com.ki com.km com.kp com.kw com.ky com.kz
com.la com.lb com.lc com.lk com.lr com.lv com.ly com.mg com.mk com.ml com.mo com.ms com.mt
com.mu com.mv com.mw com.mx com.my com.na com.nf com.ng com.ni com.nr com.om com.pa com.pe
com.pf com.ph com.pk com.pl com.pr com.ps com.pt com.py com.qa com.re com.ro com.sa com.sb
com.sc com.sd com.sg com.sh com.sl com.sn com.so com.ss com.st com.sv com.sy com.tj com.tm
com.tn com.to com.tr com.tt com.tw com.ua com.ug com.uy com.uz com.vc com.ve com.vi com.vn
com.vu com.ws com.ye com.zm edu.ac edu.af edu.al edu.ar edu.au edu.az edu.ba edu.bb edu.bh
edu.bi edu.bj edu.bm edu.bn edu.bo edu.br edu.bs edu.bt edu.bz edu.ci edu.cn edu.co edu.cu
edu.cv edu.cw edu.dm edu.do edu.dz edu.ec edu.ee edu.eg edu.es edu.et edu.fm edu.gd edu.ge
edu.gh edu.gi edu.gl edu.gn edu.gp edu.gr edu.gt edu.gu edu.gy edu.hk edu.hn edu.ht edu.in
edu.iq edu.is edu.it edu.jo edu.kg edu.ki edu.km edu.kn edu.kp edu.kw edu.ky edu.kz edu.la
edu.lb edu.lc edu.lk edu.lr edu.ls edu.lv edu.ly edu.me edu.mg edu.mk edu.ml edu.mn edu.mo
edu.ms edu.mt edu.mv edu.mw edu.mx edu.my edu.mz edu.ng edu.ni edu.nr edu.om edu.pa edu.pe
edu.pf edu.ph edu.pk edu.pl edu.pn edu.pr edu.ps edu.pt edu.py edu.qa edu.rs edu.sa edu.sb
edu.sc edu.sd edu.sg edu.sl edu.sn edu.so edu.ss edu.st edu.sv edu.sy edu.tj edu.tm edu.to
edu.tr edu.tt edu.tw edu.ua edu.uy edu.vc edu.ve edu.vn edu.vu edu.ws edu.ye edu.za edu.zm
firm.co firm.ht firm.in firm.nf firm.ro firm.ve gen.in gen.nz gen.tr go.ci go.cr go.id go.it
go.jp go.ke go.kr go.pw go.th go.tj go.tz go.ug gob.ar gob.bo gob.cl gob.do gob.ec gob.es
gob.gt gob.hn gob.mx gob.ni gob.pa gob.pe gob.pk gob.sv gob.ve gov.ac gov.ae gov.af gov.al
gov.ar gov.as gov.au gov.az gov.ba gov.bb gov.bf gov.bh gov.bm gov.bn gov.br gov.bs gov.bt
gov.by gov.bz gov.cd gov.cl gov.cm gov.cn gov.co gov.cu gov.cx gov.cy gov.dm gov.do gov.dz
gov.ec gov.ee gov.eg gov.et gov.fj gov.gd gov.ge gov.gh gov.gi gov.gn gov.gr gov.gu gov.gy
gov.hk gov.ie gov.il gov.in gov.iq gov.ir gov.is gov.it gov.jo gov.kg gov.ki gov.km gov.kn
gov.kp gov.kw gov.kz gov.la gov.lb gov.lc gov.lk gov.lr gov.ls gov.lt gov.lv gov.ly gov.ma
gov.me gov.mg gov.mk gov.ml gov.mn gov.mo gov.mr gov.ms gov.mu gov.mv gov.mw gov.my gov.mz
gov.ng gov.nr gov.om gov.ph gov.pk gov.pl gov.pn gov.pr gov.ps gov.pt gov.py gov.qa gov.rs
gov.rw gov.sa gov.sb gov.sc gov.sd gov.sg gov.sh gov.sl gov.so gov.ss gov.sx gov.sy gov.tj
gov.tl gov.tm gov.tn gov.to gov.tr gov.tt gov.tw gov.ua gov.uk gov.vc gov.ve gov.vn gov.ws
gov.ye gov.za gov.zm gov.zw ltd.cy ltd.gi ltd.lk ltd.uk mil.ac mil.ae mil.al mil.ar mil.az
mil.ba mil.bo mil.br mil.by mil.cl mil.cn mil.co mil.cy mil.do mil.ec mil.eg mil.fj mil.ge
mil.gh mil.gt mil.hn mil.id mil.in mil.iq mil.jo mil.kg mil.km mil.kr mil.kz mil.lv mil.mg
mil.mv mil.my mil.mz mil.ng mil.ni mil.no mil.nz mil.pe mil.ph mil.pl mil.py mil.qa mil.rw
mil.sh mil.st mil.sy mil.tj mil.tm mil.to mil.tr mil.tw mil.tz mil.uy mil.vc mil.ve mil.ye
mil.za mil.zm mil.zw ne.jp ne.ke ne.kr ne.pw ne.tz ne.ug ne.us net.ac net.ae net.af net.ag
net.ai net.al net.am net.ar net.au net.az net.ba net.bb net.bh net.bj net.bm net.bn net.bo
net.br net.bs net.bt net.bz net.ci net.cm net.cn net.co net.cu net.cw net.cy net.dm net.do
net.dz net.ec net.eg net.et net.fj net.fm net.ge net.gg net.gl net.gn net.gp net.gr net.gt
net.gu net.gy net.hk net.hn net.ht net.id net.il net.im net.in net.iq net.ir net.is net.je
net.jo net.kg net.ki net.kn net.kw net.ky net.kz net.la net.lb net.lc net.lk net.lr net.ls
net.lv net.ly net.ma net.me net.mk net.ml net.mo net.ms net.mt net.mu net.mv net.mw net.mx
net.my net.mz net.nf net.ng net.ni net.nr net.nz net.om net.pa net.pe net.ph net.pk net.pl
net.pn net.pr net.ps net.pt net.py net.qa net.rw net.sa net.sb net.sc net.sd net.sg net.sh
net.sl net.so net.ss net.st net.sy net.th net.tj net.tm net.tn net.to net.tr net.tt net.tw
net.ua net.uk net.uy net.uz net.vc net.ve net.vi net.vn net.vu net.ws net.ye net.za net.zm
nic.in nic.tj nic.za nom.ad nom.ag nom.co nom.es nom.fr nom.km nom.mg nom.nc nom.ni nom.pa
nom.pe nom.pl nom.re nom.ro nom.tm nom.ve nom.za or.at or.bi or.ci or.cr or.id or.it or.jp
or.ke or.kr or.mu or.na or.pw or.th or.tz or.ug or.us org.ac org.ae org.af org.ag org.ai
org.al org.am org.ar org.au org.az org.ba org.bb org.bh org.bi org.bj org.bm org.bn org.bo
org.br org.bs org.bt org.bw org.bz org.ci org.cn org.co org.cu org.cv org.cw org.cy org.dm
org.do org.dz org.ec org.ee org.eg org.es org.et org.fj org.fm org.ge org.gg org.gh org.gi
org.gl org.gn org.gp org.gr org.gt org.gu org.gy org.hk org.hn org.ht org.hu org.il org.im
org.in org.iq org.ir org.is org.je org.jo org.kg org.ki org.km org.kn org.kp org.kw org.ky
org.kz org.la org.lb org.lc org.lk org.lr org.ls org.lv org.ly org.ma org.me org.mg org.mk
org.ml org.mn org.mo org.ms org.mt org.mu org.mv org.mw org.mx org.my org.mz org.na org.ng
org.ni org.nr org.nz org.om org.pa org.pe org.pf org.ph org.pk org.pl org.pn org.pr org.ps
org.pt org.py org.qa org.ro org.rs org.rw org.sa org.sb org.sc org.sd org.se org.sg org.sh
org.sl org.sn org.so org.ss org.st org.sv org.sy org.sz org.tj org.tm org.tn org.to org.tr
org.tt org.tw org.ua org.ug org.uk org.uy org.uz org.vc org.ve org.vi org.vn org.vu org.ws
org.ye org.za org.zm org.zw plc.ly plc.uk sch.ae sch.id sch.ir sch.jo sch.lk sch.ly sch.ng
sch.qa sch.sa sch.ss sch.zm
";

/// PRIVATE-section rules that Django hosting meets.
const PRIVATE_RULES: &str = "
github.io gitlab.io herokuapp.com pythonanywhere.com eu.pythonanywhere.com appspot.com
blogspot.com netlify.app vercel.app pages.dev workers.dev web.app firebaseapp.com
azurewebsites.net cloudfront.net onrender.com fly.dev ngrok.io glitch.me repl.co
s3.amazonaws.com readthedocs.io codeberg.page bitbucket.io now.sh translate.goog
";

#[cfg(test)]
mod tests {
    #[test]
    fn icann_rules_are_sorted() {
        let rules: Vec<&str> = super::ICANN_RULES.split_ascii_whitespace().collect();
        assert!(rules.windows(2).all(|w| w[0] < w[1]), "is_listed binary-searches ICANN_RULES");
    }
}
