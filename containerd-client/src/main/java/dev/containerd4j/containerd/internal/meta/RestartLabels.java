package dev.containerd4j.containerd.internal.meta;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code containerd.io/restart.*} label values for each step of a container's life, so containerd's
 * restart monitor (which reconciles every 10 s, across namespaces, with no client running) does what the
 * policy says. containerd 1.6 knows only the status label: any container whose desired status is
 * {@code running} is restarted whenever it is not, so there only {@code no} and {@code always} can be
 * honoured; the other policies are refused rather than silently behaving like {@code always}. Stateless.
 */
public final class RestartLabels {
    private RestartLabels() {
    }

    /**
     * Labels to put on the container record at create.
     *
     * @param policy          {@code no}, {@code always}, {@code on-failure[:N]} or {@code unless-stopped}
     * @param logUri          the task log URI; restarted tasks get it from here
     * @param daemonHasPolicy whether the daemon's restart plugin understands {@code restart.policy}
     *                        (containerd 1.7 and later)
     * @throws IllegalArgumentException when the daemon cannot honour the policy
     */
    public static Map<String, String> atCreate(String policy, String logUri, boolean daemonHasPolicy) {
        Map<String, String> l = new LinkedHashMap<>();
        if (policy.equals("no")) {
            return l;
        }
        if (!daemonHasPolicy && !policy.equals("always")) {
            throw new IllegalArgumentException("restart policy " + policy + " needs containerd 1.7 or later: this "
                    + "daemon's restart monitor only restarts every stopped container (use always or no)");
        }
        if (daemonHasPolicy) {
            l.put(NerdctlLabels.RESTART_POLICY, policy);
        }
        l.put(NerdctlLabels.RESTART_LOG_URI, logUri);
        return l;
    }

    /** After the task started: the monitor now keeps it running. */
    public static Map<String, String> afterStart() {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(NerdctlLabels.RESTART_STATUS, "running");
        l.put(NerdctlLabels.RESTART_EXPLICITLY_STOPPED, "false");
        return l;
    }

    /**
     * Before a graceful stop: a desired status that matches neither {@code running} nor {@code stopped}, so the
     * monitor neither restarts the stopping task nor SIGKILLs it before the stop timeout. (Field-mask updates
     * cannot delete a label; an empty value is "present but nothing".)
     */
    public static Map<String, String> beforeStop() {
        return Map.of(NerdctlLabels.RESTART_STATUS, "");
    }

    /** After an explicit stop: it stays stopped, also for unless-stopped after a daemon restart. */
    public static Map<String, String> afterStop() {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(NerdctlLabels.RESTART_STATUS, "stopped");
        l.put(NerdctlLabels.RESTART_EXPLICITLY_STOPPED, "true");
        return l;
    }
}
