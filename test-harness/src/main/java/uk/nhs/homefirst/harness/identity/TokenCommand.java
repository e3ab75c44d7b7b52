package uk.nhs.homefirst.harness.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code deploy/local/token ROLE [--ods CODE]... [--hub HUB]... [--ldu LDU]}: prints an access token
 * of the local stack's realm for a person of that role and scope, for curl. The user is made on
 * first use ({@link DemoUser}). Reads where the provider is, and its administrator, from the
 * environment that {@code deploy/local/run} wrote.
 */
public final class TokenCommand {

    private TokenCommand() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(token(args));
        } catch (IllegalArgumentException e) {
            System.err.println("token: " + e.getMessage());
            System.err.println("usage: deploy/local/token ROLE [--ods CODE]... [--hub HUB]... [--ldu LDU]");
            System.err.println("  ROLE: referrer, ldu-clinician, hub-staff, ops or admin. Without a scope, the demo's:");
            System.err.println("  referrer --ods C82001, ldu-clinician --ldu county-and-rutland, hub-staff --hub charnwood-nwl");
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("token: " + e.getMessage());
            System.exit(1);
        }
    }

    static String token(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("name a role");
        }
        String role = args[0];
        List<String> ods = new ArrayList<>();
        List<String> hubs = new ArrayList<>();
        String ldu = null;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--ods" -> ods.add(value.toUpperCase(java.util.Locale.ROOT));
                case "--hub" -> hubs.add(value);
                case "--ldu" -> ldu = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        DemoUser user = ods.isEmpty() && hubs.isEmpty() && ldu == null ? DemoUser.standard(role)
                : new DemoUser(role, ods, hubs, ldu);
        String url = required("HOMEFIRST_IDENTITY_URL");
        IdentityProvider.Credentials admin = new IdentityProvider.Credentials(required("HOMEFIRST_IDENTITY_ADMIN"),
                required("HOMEFIRST_IDENTITY_ADMIN_PASSWORD"));
        return new IdentityClient(url).tokenFor(user, admin, required("HOMEFIRST_DEMO_USER_PASSWORD"));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: is the local stack (deploy/local/run) running?");
        }
        return value;
    }
}
