package dev.microvms.emulator.core.dockerfile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small ustar archives for the tests, as GNU tar would. */
final class TarWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TarWriter file(String name, String content, int mode) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        header(name, '0', data.length, mode, "");
        out.writeBytes(data);
        pad(data.length);
        return this;
    }

    TarWriter directory(String name) {
        header(name, '5', 0, 0755, "");
        return this;
    }

    TarWriter symlink(String name, String target) {
        header(name, '2', 0, 0777, target);
        return this;
    }

    TarWriter hardlink(String name, String target) {
        header(name, '1', 0, 0644, target);
        return this;
    }

    /** A pax header naming the next entry with a path longer than the header's 100 bytes. */
    TarWriter paxPath(String path) {
        String record = " path=" + path + "\n";
        int length = record.length();
        length += String.valueOf(length + String.valueOf(length).length()).length();
        byte[] data = (length + record).getBytes(StandardCharsets.UTF_8);
        header("PaxHeaders/x", 'x', data.length, 0644, "");
        out.writeBytes(data);
        pad(data.length);
        return this;
    }

    TarWriter fifo(String name) {
        header(name, '6', 0, 0644, "");
        return this;
    }

    void writeTo(Path file, boolean gzip) throws IOException {
        out.writeBytes(new byte[1024]);
        try (OutputStream target =
                gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.writeTo(target);
        }
    }

    private void header(String name, char type, long size, int mode, String link) {
        byte[] header = new byte[512];
        put(header, 0, 100, name.length() > 100 ? name.substring(0, 100) : name);
        put(header, 100, 8, String.format("%07o", mode));
        put(header, 108, 8, "0000000");
        put(header, 116, 8, "0000000");
        put(header, 124, 12, String.format("%011o", size));
        put(header, 136, 12, String.format("%011o", 1_700_000_000L));
        header[156] = (byte) type;
        put(header, 157, 100, link);
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, 8, String.format("%06o", sum) + "\0 ");
        out.writeBytes(header);
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, Math.min(length, bytes.length));
    }

    private void pad(long size) {
        out.writeBytes(new byte[(int) ((512 - size % 512) % 512)]);
    }
}
