//! Where the service may send requests of its own (webhooks): only to public internet addresses,
//! unless the deployment allows named networks (`[webhooks] allowed_networks`). Otherwise an
//! administrator's webhook URL, or a DNS name that later points elsewhere, could make the server
//! probe its own inside: the loopback, the private network, the cloud's metadata service.
//!
//! Checked when a subscription is made (after resolving its name) and again on every delivery,
//! by the resolver the delivery's client connects through, so the address checked is the
//! address connected to.

use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// The networks, beyond the public internet, a deployment lets webhooks reach.
#[derive(Debug, Clone, Default)]
pub struct EgressPolicy {
    pub allowed: Vec<IpNet>,
}

impl EgressPolicy {
    pub fn allowing(networks: &[&str]) -> EgressPolicy {
        EgressPolicy {
            allowed: networks
                .iter()
                .map(|n| n.parse().expect("a network"))
                .collect(),
        }
    }

    /// True when requests may go to `ip`.
    pub fn permits(&self, ip: IpAddr) -> bool {
        self.allowed.iter().any(|net| net.contains(&ip)) || is_public(ip)
    }

    /// Checks a receiver's URL: http(s), no credentials, and every address its host resolves to
    /// permitted. The error says why, for the administrator.
    pub async fn check_url(&self, url: &str) -> Result<(), String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err("only http and https addresses are allowed".into());
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err("the address may not carry a user name or password".into());
        }
        let port = parsed.port_or_known_default().unwrap_or(443);
        let addresses: Vec<IpAddr> = match parsed.host() {
            None => return Err("the address has no host".into()),
            Some(url::Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
            Some(url::Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
            Some(url::Host::Domain(name)) => tokio::net::lookup_host((name, port))
                .await
                .map_err(|e| format!("the host {name} could not be resolved: {e}"))?
                .map(|a| a.ip())
                .collect(),
        };
        if addresses.is_empty() {
            return Err("the host resolves to no address".into());
        }
        match addresses.iter().find(|ip| !self.permits(**ip)) {
            Some(ip) => Err(format!(
                "{ip} is not a public internet address (loopback, private, link-local, shared or reserved); \
                 a deployment may allow such networks in [webhooks] allowed_networks"
            )),
            None => Ok(()),
        }
    }

    /// The resolver a webhook client connects through: names resolve only to permitted
    /// addresses (none permitted: the request fails without connecting).
    pub fn resolver(&self) -> Arc<GuardedResolver> {
        Arc::new(GuardedResolver {
            policy: self.clone(),
        })
    }
}

pub struct GuardedResolver {
    policy: EgressPolicy,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| policy.permits(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} resolves to no public internet address").into());
            }
            Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// True for addresses of the public internet: not unspecified, loopback, private, shared
/// (carrier-grade NAT, 100.64/10: Alibaba's metadata lives there), link-local (169.254/16: the
/// cloud metadata services), documentation, benchmarking, multicast or reserved; IPv6 the same,
/// with unique-local and the IPv4 forms embedded in IPv6 judged by their IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (18..20).contains(&b))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    // NAT64 (64:ff9b::/96) and the old IPv4-compatible form carry an IPv4 address at the end.
    if (segments[0] == 0x64 && segments[1] == 0xff9b && segments[2..6] == [0; 4])
        || segments[..6] == [0; 6]
    {
        let [.., hi, lo] = segments;
        let v4 = Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
        return !ip.is_unspecified() && !ip.is_loopback() && is_public_v4(v4);
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (segments[0] & 0xfe00) == 0xfc00 // unique local
        || (segments[0] & 0xffc0) == 0xfe80 // link-local
        || (segments[0] & 0xffc0) == 0xfec0 // site-local
        || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
        || segments[0] == 0x2002 // 6to4: an IPv4 address inside, any of them
        || (segments[0] == 0x2001 && segments[1] == 0) // Teredo
        || (segments[0] == 0x64 && segments[1] == 0xff9b && segments[2] == 1)) // local NAT64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.1",
            "169.254.169.254",
            "100.100.100.200",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "198.18.0.1",
            "::1",
            "::",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2001:db8::1",
            "2002:7f00:1::1",
            "2001:0:4136:e378::1",
            "64:ff9b:1::a9fe:a9fe",
        ] {
            assert!(!is_public(inside.parse().unwrap()), "{inside}");
        }
        for outside in [
            "8.8.8.8",
            "164.100.0.1",
            "2404:6800:4009::200e",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(outside.parse().unwrap()), "{outside}");
        }
        let policy = EgressPolicy::allowing(&["127.0.0.0/8"]);
        assert!(policy.permits("127.0.0.1".parse().unwrap()));
        assert!(!policy.permits("169.254.169.254".parse().unwrap()));
    }

    #[tokio::test]
    async fn urls_are_checked_after_resolving_their_names() {
        let policy = EgressPolicy::default();
        for refused in [
            "http://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
            "http://[::1]/hook",
            "http://[::ffff:10.0.0.1]/hook",
            "http://user:pw@8.8.8.8/hook",
            "ftp://8.8.8.8/hook",
            "http://2130706433/hook",
        ] {
            assert!(policy.check_url(refused).await.is_err(), "{refused}");
        }
        assert!(policy.check_url("https://8.8.8.8/hook?x=@y").await.is_ok());
        let allowed = EgressPolicy::allowing(&["127.0.0.0/8"]);
        assert!(
            allowed
                .check_url("http://localhost:8000/hook")
                .await
                .is_ok()
        );
    }
}
