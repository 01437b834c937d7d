import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an OCI image as one archive without a container engine: an OCI image layout (oci-layout, index.json,
 * blobs/sha256/...) with a Docker manifest.json beside it, so `docker load -i`, `podman load -i` and
 * `skopeo copy oci-archive:` all take it. Run from source by deploy/image/build.sh:
 *
 * <pre>
 * java OciArchive.java OUT REF ARCH CONFIG_JSON (--layer NAME (SRC=DST | --dir DST:MODE:UID:GID)...)...
 * </pre>
 *
 * SRC=DST puts a file or a directory tree at DST, owned by root, keeping its mode and symbolic links; --dir makes an
 * empty directory with its own mode and owner (what a Dockerfile's RUN mkdir/chown would). CONFIG_JSON is the
 * image's runtime configuration (Entrypoint, Cmd, User, ...), copied as it is. Every time stamp is
 * SOURCE_DATE_EPOCH (default 1 s after the epoch) and entries are sorted, so the same inputs give the same digests.
 */
public final class OciArchive {
  private static final int BLOCK = 512;

  public static void main(String[] args) throws Exception {
    if (args.length < 6 || !args[4].equals("--layer")) {
      System.err.println("usage: OciArchive OUT REF ARCH CONFIG_JSON (--layer NAME (SRC=DST | --dir DST:MODE:UID:GID)...)...");
      System.exit(2);
    }
    long epoch = Long.parseLong(System.getenv().getOrDefault("SOURCE_DATE_EPOCH", "1"));
    List<Layer> layers = parseLayers(List.of(args).subList(4, args.length));
    write(Path.of(args[0]), args[1], args[2], Files.readString(Path.of(args[3])).strip(), layers, epoch);
  }

  record Entry(String path, Path source, int mode, int uid, int gid) {
  }

  record Layer(String name, Map<String, Entry> entries) {
  }

  record Blob(String digest, long size, String diffId) {
  }

  private static List<Layer> parseLayers(List<String> args) throws IOException {
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--layer")) {
        layers.add(new Layer(args.get(++i), new TreeMap<>()));
      } else if (arg.equals("--dir")) {
        String[] spec = args.get(++i).split(":");
        Entry dir = new Entry(relative(spec[0]), null, Integer.parseInt(spec[1], 8), Integer.parseInt(spec[2]),
            Integer.parseInt(spec[3]));
        add(layers.get(layers.size() - 1), dir);
      } else {
        int equals = arg.indexOf('=');
        if (equals < 0) {
          throw new IllegalArgumentException("expected SRC=DST, --dir or --layer, got " + arg);
        }
        addTree(layers.get(layers.size() - 1), Path.of(arg.substring(0, equals)), relative(arg.substring(equals + 1)));
      }
    }
    return layers;
  }

  private static void addTree(Layer layer, Path source, String target) throws IOException {
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("no such file to put in layer " + layer.name() + ": " + source);
    }
    PosixFileAttributes attributes = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    add(layer, new Entry(target, source, mode(attributes.permissions()), 0, 0));
    if (attributes.isDirectory()) {
      try (var children = Files.list(source)) {
        for (Path child : children.sorted().toList()) {
          addTree(layer, child, target + "/" + child.getFileName());
        }
      }
    }
  }

  /** An entry and every parent directory it lacks, as root-owned 0755 directories. */
  private static void add(Layer layer, Entry entry) {
    for (int slash = entry.path().indexOf('/'); slash > 0; slash = entry.path().indexOf('/', slash + 1)) {
      layer.entries().putIfAbsent(entry.path().substring(0, slash), new Entry(entry.path().substring(0, slash), null, 0755, 0, 0));
    }
    layer.entries().put(entry.path(), entry);
  }

  private static String relative(String target) {
    String path = target.replaceAll("^/+", "").replaceAll("/+$", "");
    if (path.isEmpty() || path.contains("..")) {
      throw new IllegalArgumentException("not a path inside the image: " + target);
    }
    return path;
  }

  private static void write(Path out, String ref, String arch, String runtimeConfig, List<Layer> layers, long epoch)
      throws Exception {
    Path blobs = Files.createTempDirectory(out.toAbsolutePath().getParent(), "blobs");
    try {
      List<Blob> written = new ArrayList<>();
      for (Layer layer : layers) {
        written.add(writeLayer(blobs, layer, epoch));
      }
      String created = Instant.ofEpochSecond(epoch).toString();
      StringBuilder config = new StringBuilder("{\"created\":\"" + created + "\",\"architecture\":\"" + arch
          + "\",\"os\":\"linux\",\"config\":" + runtimeConfig + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
      StringBuilder history = new StringBuilder();
      StringBuilder layerDescriptors = new StringBuilder();
      StringBuilder dockerLayers = new StringBuilder();
      for (int i = 0; i < layers.size(); i++) {
        String separator = i == 0 ? "" : ",";
        config.append(separator).append('"').append(written.get(i).diffId()).append('"');
        history.append(separator).append("{\"created\":\"").append(created)
            .append("\",\"created_by\":\"deploy/image/build.sh: ").append(layers.get(i).name()).append("\"}");
        layerDescriptors.append(separator).append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", written.get(i)));
        dockerLayers.append(separator).append("\"blobs/sha256/").append(hex(written.get(i).digest())).append('"');
      }
      config.append("]},\"history\":[").append(history).append("]}");
      Blob configBlob = writeBlob(blobs, config.toString());
      Blob manifest = writeBlob(blobs, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", configBlob)
          + ",\"layers\":[" + layerDescriptors + "]}");
      String tag = ref.substring(ref.lastIndexOf(':') + 1);
      String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
          + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifest.digest()
          + "\",\"size\":" + manifest.size() + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag
          + "\",\"io.containerd.image.name\":\"" + ref + "\"}}]}";
      String dockerManifest = "[{\"Config\":\"blobs/sha256/" + hex(configBlob.digest()) + "\",\"RepoTags\":[\"" + ref
          + "\"],\"Layers\":[" + dockerLayers + "]}]";
      writeArchive(out, blobs, index, dockerManifest, epoch);
    } finally {
      try (var files = Files.list(blobs)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(blobs);
    }
  }

  private static String descriptor(String mediaType, Blob blob) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + blob.digest() + "\",\"size\":" + blob.size() + "}";
  }

  /** The layer's tar, gzipped: its digest names the blob, the digest of the tar itself is the diff id. */
  private static Blob writeLayer(Path blobs, Layer layer, long epoch) throws Exception {
    Path file = Files.createTempFile(blobs, "layer", ".tar.gz");
    MessageDigest compressed = sha256();
    MessageDigest uncompressed = sha256();
    try (OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        DigestOutputStream digestOut = new DigestOutputStream(fileOut, compressed);
        GZIPOutputStream gzip = new FastGzip(digestOut);
        DigestOutputStream tar = new DigestOutputStream(gzip, uncompressed)) {
      for (Entry entry : layer.entries().values()) {
        writeEntry(tar, entry, epoch);
      }
      tar.write(new byte[2 * BLOCK]);
    }
    return moveToBlob(blobs, file, "sha256:" + HexFormat.of().formatHex(uncompressed.digest()), compressed);
  }

  private static Blob writeBlob(Path blobs, String json) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Path file = Files.createTempFile(blobs, "json", ".tmp");
    Files.write(file, bytes);
    MessageDigest digest = sha256();
    digest.update(bytes);
    return moveToBlob(blobs, file, null, digest);
  }

  private static Blob moveToBlob(Path blobs, Path file, String diffId, MessageDigest digest) throws IOException {
    String hex = HexFormat.of().formatHex(digest.digest());
    Path blob = blobs.resolve(hex);
    Files.move(file, blob, StandardCopyOption.REPLACE_EXISTING);
    return new Blob("sha256:" + hex, Files.size(blob), diffId);
  }

  private static void writeArchive(Path out, Path blobs, String index, String dockerManifest, long epoch)
      throws IOException {
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    try (OutputStream tar = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
      writeEntry(tar, new Entry("blobs", null, 0755, 0, 0), epoch);
      writeEntry(tar, new Entry("blobs/sha256", null, 0755, 0, 0), epoch);
      try (var files = Files.list(blobs)) {
        for (Path blob : files.sorted().toList()) {
          writeEntry(tar, new Entry("blobs/sha256/" + blob.getFileName(), blob, 0644, 0, 0), epoch);
        }
      }
      writeText(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", epoch);
      writeText(tar, "index.json", index, epoch);
      writeText(tar, "manifest.json", dockerManifest, epoch);
      tar.write(new byte[2 * BLOCK]);
    }
    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeText(OutputStream tar, String name, String text, long epoch) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    writeHeader(tar, name, '0', bytes.length, 0644, 0, 0, "", epoch);
    tar.write(bytes);
    pad(tar, bytes.length);
  }

  private static void writeEntry(OutputStream tar, Entry entry, long epoch) throws IOException {
    if (entry.source() == null || Files.isDirectory(entry.source(), LinkOption.NOFOLLOW_LINKS)) {
      writeHeader(tar, entry.path() + "/", '5', 0, entry.mode(), entry.uid(), entry.gid(), "", epoch);
    } else if (Files.isSymbolicLink(entry.source())) {
      String target = Files.readSymbolicLink(entry.source()).toString();
      writeHeader(tar, entry.path(), '2', 0, 0777, entry.uid(), entry.gid(), target, epoch);
    } else {
      long size = Files.size(entry.source());
      writeHeader(tar, entry.path(), '0', size, entry.mode(), entry.uid(), entry.gid(), "", epoch);
      try (InputStream in = Files.newInputStream(entry.source())) {
        if (in.transferTo(tar) != size) {
          throw new IOException(entry.source() + " changed while the image was written");
        }
      }
      pad(tar, size);
    }
  }

  /** A ustar header, preceded by a PAX header when a name is too long for ustar's 100 bytes. */
  private static void writeHeader(OutputStream tar, String name, char type, long size, int mode, int uid, int gid,
      String link, long epoch) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100 || linkBytes.length > 100) {
      StringBuilder records = new StringBuilder();
      records.append(paxRecord("path", name));
      if (linkBytes.length > 100) {
        records.append(paxRecord("linkpath", link));
      }
      byte[] pax = records.toString().getBytes(StandardCharsets.UTF_8);
      writeHeader(tar, "PaxHeaders/" + Math.abs(name.hashCode()), 'x', pax.length, 0644, 0, 0, "", epoch);
      tar.write(pax);
      pad(tar, pax.length);
    }
    byte[] header = new byte[BLOCK];
    put(header, 0, 100, nameBytes);
    put(header, 100, 8, octal(mode, 7));
    put(header, 108, 8, octal(uid, 7));
    put(header, 116, 8, octal(gid, 7));
    put(header, 124, 12, octal(size, 11));
    put(header, 136, 12, octal(epoch, 11));
    header[156] = (byte) type;
    put(header, 157, 100, linkBytes);
    put(header, 257, 8, "ustar\00000".getBytes(StandardCharsets.US_ASCII));
    put(header, 265, 32, (uid == 0 ? "root" : "").getBytes(StandardCharsets.US_ASCII));
    put(header, 297, 32, (gid == 0 ? "root" : "").getBytes(StandardCharsets.US_ASCII));
    Arrays.fill(header, 148, 156, (byte) ' ');
    long checksum = 0;
    for (byte b : header) {
      checksum += b & 0xff;
    }
    put(header, 148, 8, (octalText(checksum, 6) + "\0 ").getBytes(StandardCharsets.US_ASCII));
    tar.write(header);
  }

  /** "LENGTH key=value\n", where LENGTH counts its own digits. */
  private static String paxRecord(String key, String value) {
    int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int length = body + String.valueOf(body).length();
    if (String.valueOf(length).length() != String.valueOf(body).length()) {
      length++;
    }
    return length + " " + key + "=" + value + "\n";
  }

  private static void put(byte[] header, int offset, int width, byte[] bytes) {
    System.arraycopy(bytes, 0, header, offset, Math.min(width, bytes.length));
  }

  private static byte[] octal(long value, int digits) {
    return octalText(value, digits).concat("\0").getBytes(StandardCharsets.US_ASCII);
  }

  private static String octalText(long value, int digits) {
    String text = Long.toOctalString(value);
    if (text.length() > digits) {
      throw new IllegalArgumentException("too large for a tar header: " + value);
    }
    return "0".repeat(digits - text.length()) + text;
  }

  private static void pad(OutputStream tar, long size) throws IOException {
    int remainder = (int) (size % BLOCK);
    if (remainder != 0) {
      tar.write(new byte[BLOCK - remainder]);
    }
  }

  private static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return mode;
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }

  private static MessageDigest sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }

  /** Jars are compressed already: the fastest level costs little in size and much less time. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
