package uk.nhs.homefirst.referral.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a Subscription's rest-hook may send: the platform POSTs from inside its network to an
 * address a referrer chose, so an endpoint must be https on a public address (not loopback,
 * link-local such as the cloud metadata service, private, shared or reserved ranges). Judged when
 * the Subscription is made and again before each delivery, by the addresses the host resolves to
 * then (DNS may have changed); the delivery connects to the address judged, never resolving again.
 * A host on the allow-list ({@code homefirst.subscriptions.allowed-hosts}: tests and the local stack)
 * is exempt, http included.
 */
public final class EndpointPolicy {

    /** Resolves a host name; a seam so that tests can make a name resolve where they need. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why an endpoint is refused: said to the referrer and recorded on the Subscription, never the host itself. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public EndpointPolicy(List<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(EndpointPolicy::normalise).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public EndpointPolicy(List<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    /**
     * The endpoint's problem when a Subscription is made, or null when it may be kept. A host that
     * does not resolve now is kept: it is judged again at each delivery, which sends nothing until
     * it resolves to an address allowed.
     */
    public String problemAtCreation(String endpoint) {
        URI uri;
        try {
            uri = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            return "channel.endpoint must be an absolute https URL with no user or fragment.";
        }
        if (allowed(uri)) {
            return null;
        }
        if (!scheme.equals("https")) {
            return "channel.endpoint must be https: notifications carry where a patient's referral stands.";
        }
        try {
            addressFor(uri);
            return null;
        } catch (UnknownHostException e) {
            return null;
        } catch (Refused e) {
            return e.getMessage();
        }
    }

    /** Whether the endpoint's host is on the allow-list, which exempts it from every check here. */
    public boolean allowed(URI uri) {
        return uri.getHost() != null && allowedHosts.contains(normalise(uri.getHost()));
    }

    /**
     * The address to connect to for a delivery: every address the host resolves to now must be
     * allowed (a name with one private address among public ones is refused), and the first is used.
     */
    public InetAddress addressFor(URI uri) throws Refused, UnknownHostException {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new Refused("The endpoint is not https and its host is not on the allow-list.");
        }
        String host = normalise(uri.getHost());
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            throw new Refused(kind(InetAddress.getLoopbackAddress()));
        }
        InetAddress[] addresses = resolver.resolve(host);
        for (InetAddress address : addresses) {
            String forbidden = forbidden(address);
            if (forbidden != null) {
                throw new Refused(kind(address));
            }
        }
        if (addresses.length == 0) {
            throw new UnknownHostException("no address");
        }
        return addresses[0];
    }

    private static String kind(InetAddress address) {
        return "channel.endpoint's host is " + forbidden(address) + ": notifications go only to public addresses.";
    }

    /** What kind of address this is when a notification may not go there, or null when it is public. */
    static String forbidden(InetAddress address) {
        InetAddress embedded = address instanceof Inet6Address ? embeddedIpv4(address.getAddress()) : null;
        if (embedded != null) {
            return forbidden(embedded);
        }
        // The JDK's own classes first (127/8 and ::1, 0.0.0.0 and ::, 169.254/16 and fe80::/10, 10/8, 172.16/12,
        // 192.168/16 and fec0::/10, 224/4 and ff00::/8); then the ranges it does not know, by family.
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return address instanceof Inet4Address ? "a link-local address (such as the cloud metadata service)"
                    : "a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        return address instanceof Inet6Address ? beyondTheJdkV6(address.getAddress()) : beyondTheJdkV4(address.getAddress());
    }

    private static String beyondTheJdkV6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return "a private address";
        }
        // Only global unicast (2000::/3) is public; documentation 2001:db8::/32 is not.
        boolean documentation = first == 0x20 && b[1] == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8;
        return (first & 0xe0) != 0x20 || documentation ? "a reserved address" : null;
    }

    private static String beyondTheJdkV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "a shared (carrier-grade NAT) address";
        }
        if (a0 == 0) {
            return "an unspecified address";
        }
        if (a0 >= 240 || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) || (a0 == 198 && (a1 & 0xfe) == 18)
                || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)
                || (a0 == 192 && a1 == 88 && a2 == 99)) {
            return "a reserved address";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, -compatible or NAT64 (64:ff9b::/96) IPv6 address, or null. */
    private static InetAddress embeddedIpv4(byte[] b) {
        boolean zeros = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]);
        boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
        if (!(mapped || compatible || nat64)) {
            return null;
        }
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
