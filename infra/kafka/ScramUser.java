// Creates (or resets) the SCRAM-SHA-256 user the berth services log in to the embedded broker with.
// Run by ./berth up with Kafka's jars on the class path (java's source-file mode):
//   java -cp "$KAFKA_HOME/lib/*" infra/kafka/ScramUser.java
// Everything comes from the environment, never from the command line (which every local user can read):
// KAFKA_BOOTSTRAP, KAFKA_ADMIN_PASSWORD (the broker's PLAIN "admin" login), SCRAM_USER, SCRAM_PASSWORD.
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

public class ScramUser {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP"));
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "PLAIN");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"admin\" password=\"" + System.getenv("KAFKA_ADMIN_PASSWORD") + "\";");
        props.put("default.api.timeout.ms", "30000");
        try (Admin admin = Admin.create(props)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(System.getenv("SCRAM_USER"),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), System.getenv("SCRAM_PASSWORD"))))
                    .all().get(60, TimeUnit.SECONDS);
        }
    }
}
