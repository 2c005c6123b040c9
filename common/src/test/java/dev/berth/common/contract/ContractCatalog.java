package dev.berth.common.contract;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Every {@link WireContract} record of the contract package, found on the class path (top-level records only). */
final class ContractCatalog {
    private ContractCatalog() {
    }

    static List<Class<?>> all() {
        try {
            Path dir = Path.of(WireContract.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(WireContract.class.getPackageName().replace('.', '/'));
            List<Class<?>> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".class") && !name.contains("$")) {
                        Class<?> type = Class.forName(WireContract.class.getPackageName() + "."
                                + name.substring(0, name.length() - ".class".length()));
                        if (type.isAnnotationPresent(WireContract.class)) {
                            out.add(type);
                        }
                    }
                }
            }
            return out;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
