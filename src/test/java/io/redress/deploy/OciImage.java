package io.redress.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An OCI image archive as a registry or a container engine reads it: the blobs by digest, the index, the manifest,
 * the image configuration, and each layer's entries (path, mode, owner) as the tar headers give them.
 */
final class OciImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every file of the archive by its path: the blobs, index.json, manifest.json, oci-layout. */
  final Map<String, byte[]> files;
  final JsonNode index;
  final JsonNode manifest;
  final JsonNode config;

  private OciImage(Map<String, byte[]> files) throws IOException {
    this.files = files;
    this.index = JSON.readTree(file("index.json"));
    this.manifest = JSON.readTree(blob(index.at("/manifests/0/digest").asText()));
    this.config = JSON.readTree(blob(manifest.at("/config/digest").asText()));
  }

  static OciImage read(Path archive) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.isFile()) {
          files.put(entry.getName(), tar.readAllBytes());
        }
      }
    }
    return new OciImage(files);
  }

  byte[] file(String path) {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      throw new AssertionError("no " + path + " in the image archive; it holds " + files.keySet());
    }
    return bytes;
  }

  byte[] blob(String digest) {
    return file("blobs/sha256/" + digest.substring("sha256:".length()));
  }

  List<String> layerDigests() {
    return manifest.get("layers").findValuesAsText("digest");
  }

  /** The sha256 of a layer's uncompressed tar: what the configuration's rootfs.diff_ids must list. */
  String diffId(String layerDigest) {
    try (DigestInputStream in = new DigestInputStream(gunzip(layerDigest), sha256())) {
      in.transferTo(OutputStream.nullOutputStream());
      return "sha256:" + HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every entry of every layer, by path without a leading or trailing slash; an upper layer's entry wins. */
  Map<String, TarArchiveEntry> entries() throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    for (String digest : layerDigests()) {
      try (TarArchiveInputStream tar = new TarArchiveInputStream(gunzip(digest))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          entries.put(entry.getName().replaceAll("/$", ""), entry);
        }
      }
    }
    return entries;
  }

  /**
   * The layers unpacked into one directory, as a container engine would lay them out, but owned by whoever runs the
   * test: a user namespace maps that owner to the image's user when the test starts it.
   */
  void unpack(Path root) throws IOException {
    for (String digest : layerDigests()) {
      try (TarArchiveInputStream tar = new TarArchiveInputStream(gunzip(digest))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          Path target = root.resolve(entry.getName()).normalize();
          if (!target.startsWith(root)) {
            throw new AssertionError("layer entry outside the image's root: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            continue;
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          }
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
      }
    }
  }

  private InputStream gunzip(String digest) {
    try {
      return new GZIPInputStream(new ByteArrayInputStream(blob(digest)), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256Of(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
  }

  static String text(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The permission bits of a tar mode (set-id and sticky bits have no PosixFilePermission and are dropped). */
  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission permission : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
        permissions.add(permission);
      }
    }
    return permissions;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
