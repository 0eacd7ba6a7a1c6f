/**
 * The Loki push request ({@code POST /loki/api/v1/push}) as immutable records, and its codecs.
 *
 * <ul>
 *   <li>Model: {@link dev.plg.push.PushRequest} → {@link dev.plg.push.PushStream} →
 *       {@link dev.plg.push.PushEntry}, pairs as {@link dev.plg.push.LabelPair}.
 *   <li>Server side: {@link dev.plg.push.PushDecoder#decode(String, String, byte[])} applies Loki's
 *       Content-Type / Content-Encoding rules and throws {@link dev.plg.push.PushFormatException}
 *       carrying Loki's 400 text.
 *   <li>Agent side: {@link dev.plg.push.PushEncoder#protobufSnappy(PushRequest)}.
 *   <li>Codecs: {@link dev.plg.push.PushJson} (jackson-core streaming), {@link dev.plg.push.PushProtobuf}
 *       (hand-written wire codec on protobuf-java), snappy block format (aircompressor), and
 *       {@link dev.plg.push.LabelsText} for the {@code {a="b", c="d"}} label text of the protobuf.
 * </ul>
 *
 * <p>Nothing here validates label names, timestamps or sizes against limits: that is the store's
 * job, so that it can reject single streams or entries with Loki's messages while keeping the rest.
 * Every class is stateless and thread-safe.
 */
package dev.plg.push;
