package dev.plg.store.engine;

import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import dev.plg.store.io.CorruptDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted stream registry of one tenant ({@code streams.log}): append-only records
 * {@code [payload length u32][CRC32C u32][payload: varint stream id, varint length + label text]}
 * after a {@code "PLGS"} + version u16 header. Appends are written at stream creation and made
 * durable by {@link #force()} before any block of a new stream is written, so a block never
 * refers to a stream the registry lacks. Streams whose record was lost in a crash are recreated
 * from the WAL. Not thread-safe: the store calls it under its apply lock or from the flusher.
 */
final class StreamsLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsLog.class);
    private static final byte[] MAGIC = {'P', 'L', 'G', 'S'};
    private static final int VERSION = 1;

    interface Handler {
        void stream(long id, String key);
    }

    private final FileChannel channel;
    private final ByteSink buf = new ByteSink(256);
    private volatile boolean dirty;

    private StreamsLog(FileChannel channel) {
        this.channel = channel;
    }

    static StreamsLog open(Path file, Handler handler) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (fresh) {
            ByteBuffer h = ByteBuffer.allocate(6).put(MAGIC).putShort((short) VERSION).flip();
            ch.write(h, 0);
            ch.force(true);
        } else {
            byte[] all = Files.readAllBytes(file);
            ByteSource in = new ByteSource(all);
            for (byte m : MAGIC) {
                if (in.remaining() < 1 || in.readByte() != (m & 0xFF)) {
                    ch.close();
                    throw new CorruptDataException(file + ": not a streams log (bad magic)");
                }
            }
            int version = in.readShortBE();
            if (version != VERSION) {
                ch.close();
                throw new CorruptDataException(file + ": streams log version " + version + " is not supported");
            }
            CRC32C crc = new CRC32C();
            while (in.remaining() > 0) {
                int at = in.position();
                String problem = null;
                if (in.remaining() < 8) {
                    problem = "torn record header";
                } else {
                    int len = in.readIntBE();
                    int stored = in.readIntBE();
                    if (len < 0 || len > in.remaining()) {
                        problem = "torn record";
                    } else {
                        crc.reset();
                        crc.update(all, in.position(), len);
                        if ((int) crc.getValue() != stored) {
                            problem = "checksum mismatch";
                        } else {
                            ByteSource rec = new ByteSource(all, in.position(), len);
                            handler.stream(rec.readVarLong(), rec.readString());
                            in.skip(len);
                            continue;
                        }
                    }
                }
                LOG.warn("streams log {}: {} at offset {}; truncating there", file, problem, at);
                ch.truncate(at);
                ch.force(true);
                break;
            }
        }
        ch.position(ch.size());
        return new StreamsLog(ch);
    }

    void append(long id, String key) throws IOException {
        ByteSink payload = new ByteSink(key.length() + 16);
        payload.writeVarLong(id);
        payload.writeString(key);
        CRC32C crc = new CRC32C();
        crc.update(payload.array(), 0, payload.size());
        buf.reset();
        buf.writeIntBE(payload.size());
        buf.writeIntBE((int) crc.getValue());
        buf.writeBytes(payload.array(), 0, payload.size());
        ByteBuffer b = ByteBuffer.wrap(buf.array(), 0, buf.size());
        while (b.hasRemaining()) {
            channel.write(b);
        }
        dirty = true;
    }

    void force() throws IOException {
        if (dirty) {
            dirty = false;
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        force();
        channel.close();
    }
}
