"""Writes ZipCrypto-encrypted zips for tests: the stdlib reads them (`pwd=`) but cannot write them."""

from __future__ import annotations

import struct
import zlib


class _Keys:
    def __init__(self, password: bytes):
        self.k = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self.update(byte)

    def update(self, byte: int) -> None:
        k0 = zlib.crc32(bytes([byte]), self.k[0] ^ 0xFFFFFFFF) ^ 0xFFFFFFFF
        k1 = ((self.k[1] + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = zlib.crc32(bytes([k1 >> 24]), self.k[2] ^ 0xFFFFFFFF) ^ 0xFFFFFFFF
        self.k = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            temp = (self.k[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self.update(byte)
        return bytes(out)


def encrypted_zip(members: dict[str, bytes], password: bytes) -> bytes:
    """A zip of stored (uncompressed) members, each encrypted with ZipCrypto under `password`."""
    body, central = bytearray(), bytearray()
    for name, data in members.items():
        crc, raw_name = zlib.crc32(data), name.encode()
        # The 12-byte header's last byte is the CRC's high byte: that is how readers check the password.
        payload = _Keys(password).encrypt(bytes(range(11)) + bytes([crc >> 24]) + data)
        fields = (20, 1, 0, 0, 0x21, crc, len(payload), len(data), len(raw_name), 0)
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + raw_name + payload
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset) + raw_name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(body), 0)
    return bytes(body + central + end)
