package io.redress.cli;

import io.redress.operations.InvalidInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A data directory held by one Redress for as long as it runs an embedded broker there. Whoever starts that broker
 * stops the one a killed run left behind, and the demo deletes the directory: neither may happen under a Redress that
 * is still alive, whose broker looks exactly like a leftover one. The operating system releases the lock when its
 * process ends, however it ends, so a killed run never leaves the directory held.
 */
final class DataDirectoryLock implements AutoCloseable {

  /** Kept in the directory across runs: deleting it would let a second process lock a new file beside the held one. */
  static final String FILE_NAME = "redress.lock";

  /** Holds the lock: closing it releases the lock. */
  private final FileChannel channel;

  private DataDirectoryLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Takes the directory, creating it if need be.
   *
   * @throws InvalidInput naming the process that holds it
   */
  static DataDirectoryLock claim(Path dataDir) {
    return claim(dataDir, "is using %s; stop it or choose another --data-dir");
  }

  /**
   * Takes the directory to start its broker for reading, when none answers there: the holder may be a run whose
   * broker is still starting, so the refusal says to try again rather than to stop it.
   *
   * @throws InvalidInput naming the process that holds it
   */
  static DataDirectoryLock claimToRead(Path dataDir) {
    return claim(dataDir, "holds %s and its broker does not answer yet; run this again once that Redress has"
        + " started (it prints \"Redress is running\") or has stopped");
  }

  /** @param refusal what the holder does with the directory, and what to do about it; {@code %s} is the directory */
  private static DataDirectoryLock claim(Path dataDir, String refusal) {
    Path dir = dataDir.toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(FILE_NAME),
          StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      if (!lock(channel)) {
        throw new InvalidInput("another Redress" + holder(channel) + " " + refusal.formatted(dir));
      }
      // The pid only names the holder in the refusal above; the lock itself is what keeps others out.
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      return new DataDirectoryLock(channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new InvalidInput("cannot lock the data directory " + dir + " (" + e + "); choose another --data-dir");
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** False when another process holds the lock, or this one does already (a second command in a test's JVM). */
  private static boolean lock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock() != null;
    } catch (OverlappingFileLockException heldHere) {
      return false;
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer content = ByteBuffer.allocate(32);
    channel.read(content, 0);
    String pid = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8).strip();
    return pid.matches("\\d+") ? " (pid " + pid + ")" : "";
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was written that could be lost; the lock goes with the process anyway.
    }
  }
}
