package uk.schoolaccess.auditor.ingest.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an export as text. Exports are UTF-8, often with a byte-order mark (Excel, Azure);
 * a file saved by older Excel on Windows is Windows-1252, recognised because its first bytes
 * are not valid UTF-8. The BOM is dropped; CRLF is handled by the readers' line reading.
 */
public final class TextDecoding {

    private static final int SNIFF = 1 << 16;

    private TextDecoding() {
    }

    public static BufferedReader reader(InputStream in) throws IOException {
        in.mark(SNIFF + 4);
        byte[] head = in.readNBytes(SNIFF);
        in.reset();
        int bom = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB
                && (head[2] & 0xff) == 0xBF ? 3 : 0;
        in.skipNBytes(bom);
        Charset cs = validUtf8(head, bom) ? StandardCharsets.UTF_8 : Charset.forName("windows-1252");
        return new BufferedReader(new InputStreamReader(in, cs), 1 << 16);
    }

    private static boolean validUtf8(byte[] head, int offset) {
        int end = head.length;
        // A multi-byte character may be cut at the end of the sniffed block: ignore its tail.
        for (int k = 0; k < 3 && end > offset && (head[end - 1] & 0x80) != 0; k++) {
            end--;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, offset, end - offset));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
