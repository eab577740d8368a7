package dev.microvms.emulator.core.dockerfile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Extracts a local tar archive, plain or gzip-compressed, as ADD does: regular files, directories,
 * symbolic and hard links, with the POSIX (pax) and GNU long names. Every entry is written through
 * {@link TreePaths}, so an entry cannot land outside the image's tree; other entry types (devices, FIFOs)
 * are skipped and reported.
 */
final class TarExtractor {

    private static final int BLOCK = 512;

    private TarExtractor() {}

    /** Whether a file name asks for a compression the JDK cannot read, so that ADD refuses it plainly. */
    static boolean isUnsupportedCompressedTar(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".tar.bz2")
                || name.endsWith(".tbz2")
                || name.endsWith(".tar.xz")
                || name.endsWith(".txz")
                || name.endsWith(".tar.zst");
    }

    /** Tells a tar archive (plain or gzip) by its content, as Docker does, not by its name. */
    static boolean isArchive(Path file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] header = in.readNBytes(BLOCK);
            return header.length == BLOCK && validChecksum(header);
        } catch (IOException e) {
            // A file that starts like gzip but is not is simply not an archive.
            return false;
        }
    }

    /**
     * Extracts an archive into a directory of the image.
     *
     * @return the names of the entries skipped because of their type
     */
    static List<String> extract(Path archive, Path root, String directory) throws IOException {
        List<String> skipped = new ArrayList<>();
        try (InputStream in = open(archive)) {
            String longName = null;
            String longLink = null;
            while (true) {
                byte[] header = in.readNBytes(BLOCK);
                if (header.length < BLOCK || isZero(header)) {
                    return skipped;
                }
                if (!validChecksum(header)) {
                    throw new IOException("corrupt tar header in " + archive.getFileName());
                }
                char type = (char) header[156];
                long size = number(header, 124, 12);
                String name = longName != null ? longName : name(header);
                String link = longLink != null ? longLink : text(header, 157, 100);
                if (type == 'x' || type == 'L' || type == 'K' || type == 'g') {
                    byte[] data = readData(in, size);
                    if (type == 'L') {
                        longName = text(data, 0, data.length);
                    } else if (type == 'K') {
                        longLink = text(data, 0, data.length);
                    } else if (type == 'x') {
                        longName = pax(data, "path", longName);
                        longLink = pax(data, "linkpath", longLink);
                    }
                    continue;
                }
                longName = null;
                longLink = null;
                String entry = entryPath(name, archive);
                int mode = (int) number(header, 100, 8) & 0777;
                long mtime = number(header, 136, 12);
                if (entry.isEmpty()) {
                    skip(in, size);
                    continue;
                }
                String imagePath = TreePaths.join(directory, entry);
                Path target = TreePaths.resolveParent(root, imagePath);
                switch (type) {
                    case '0':
                    case '\0':
                    case '7':
                        Files.createDirectories(target.getParent());
                        clear(target, entry);
                        try (OutputStream out = Files.newOutputStream(target)) {
                            copy(in, out, size);
                        }
                        skip(in, padding(size));
                        FileModes.apply(target, mode);
                        Files.setLastModifiedTime(target, FileTime.fromMillis(mtime * 1000));
                        break;
                    case '5':
                        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !TreePaths.isDirectory(target)) {
                            Files.delete(target);
                        }
                        Files.createDirectories(target);
                        FileModes.apply(target, mode);
                        skip(in, size + padding(size));
                        break;
                    case '2':
                        Files.createDirectories(target.getParent());
                        clear(target, entry);
                        Files.createSymbolicLink(target, Path.of(link));
                        skip(in, size + padding(size));
                        break;
                    case '1':
                        Path source = TreePaths.resolve(root, TreePaths.join(directory, entryPath(link, archive)));
                        Files.createDirectories(target.getParent());
                        clear(target, entry);
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                        skip(in, size + padding(size));
                        break;
                    default:
                        skipped.add(entry);
                        skip(in, size + padding(size));
                }
            }
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in));
        }
        return in;
    }

    /** An entry's path relative to the destination; {@code ..} that leaves it is an error, as in Docker. */
    private static String entryPath(String name, Path archive) throws IOException {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new IOException("the entry " + name + " of " + archive.getFileName()
                            + " leaves the destination directory; rebuild the archive with relative paths");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static void clear(Path target, String entry) throws IOException {
        if (TreePaths.isDirectory(target)) {
            throw new IOException("the archive entry " + entry + " would replace a directory with a file");
        }
        Files.deleteIfExists(target);
    }

    private static String name(byte[] header) {
        String name = text(header, 0, 100);
        boolean ustar = text(header, 257, 5).equals("ustar");
        String prefix = ustar ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static @Nullable String pax(byte[] data, String key, @Nullable String current) {
        // Records are "<length> <key>=<value>\n"; the length counts the whole record in bytes.
        int pos = 0;
        String found = current;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space >= data.length) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break;
            }
            if (length <= 0 || pos + length > data.length) {
                break;
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals > 0 && record.substring(0, equals).equals(key)) {
                found = record.substring(equals + 1);
            }
            pos += length;
        }
        return found;
    }

    private static String text(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long number(byte[] header, int offset, int length) {
        if ((header[offset] & 0x80) != 0) {
            // GNU base-256 encoding, for sizes of 8 GiB and more.
            long value = header[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (header[offset + i] & 0xff);
            }
            return value;
        }
        String octal = text(header, offset, length).strip();
        return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    }

    private static boolean validChecksum(byte[] header) {
        long stored;
        try {
            stored = number(header, 148, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        return sum == stored;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar extension header of " + size + " bytes is too large");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("truncated tar archive");
        }
        skip(in, padding(size));
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[8192];
        long left = size;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("truncated tar archive");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private static void skip(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("truncated tar archive");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
