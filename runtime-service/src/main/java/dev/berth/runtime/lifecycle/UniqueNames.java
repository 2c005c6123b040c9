package dev.berth.runtime.lifecycle;

/** The database's answer when two containers take the same name at once (create, rename). */
final class UniqueNames {
    private UniqueNames() {
    }

    static boolean isViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains("duplicate key") && m.contains("name")) {
                return true;
            }
        }
        return false;
    }
}
