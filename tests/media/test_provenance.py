"""C2PA content credentials: none, valid (signer unknown), trusted (under our anchor), invalid (altered)."""

import datetime as dt
import hashlib
import io
import json

import pytest
from PIL import Image

from athar.media.provenance import read_credentials

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

PEM = serialization.Encoding.PEM
DIGITAL_CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"


def _name(common):
    return x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, common), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Athar tests")]
    )


def _usage(*, signer):
    flags = dict.fromkeys(
        (
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    return x509.KeyUsage(digital_signature=signer, key_cert_sign=not signer, crl_sign=not signer, **flags)


def _certificate(subject, issuer, key, issuer_key, serial, *, signer):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=not signer, path_length=None), critical=True)
        .add_extension(_usage(signer=signer), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if signer:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        ).add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """A JPEG signed by a test signer under a test CA; the CA's PEM file."""
    import c2pa

    folder = tmp_path_factory.mktemp("c2pa")
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("Athar test CA", "Athar test CA", ca_key, ca_key, 1, signer=False)
    leaf = _certificate("Athar test signer", "Athar test CA", key, ca_key, 2, signer=True)
    info = c2pa.C2paSignerInfo(
        alg=b"es256",
        sign_cert=leaf.public_bytes(PEM) + ca.public_bytes(PEM),
        private_key=key.private_bytes(PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
        ta_url=None,
    )
    manifest = {
        "claim_generator": "athar-tests/1",
        "title": "signed.jpg",
        "format": "image/jpeg",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": DIGITAL_CAPTURE}]},
            }
        ],
    }
    source, out = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(source, "JPEG")
    source.seek(0)
    with c2pa.Builder(manifest) as builder:
        builder.sign(c2pa.Signer.from_info(info), "image/jpeg", source, out)
    (folder / "signed.jpg").write_bytes(out.getvalue())
    (folder / "anchors.pem").write_bytes(ca.public_bytes(PEM))
    return folder


def test_a_photo_without_credentials_has_none(tmp_path):
    Image.new("RGB", (32, 32)).save(tmp_path / "plain.jpg")
    assert read_credentials(tmp_path / "plain.jpg", "image/jpeg").status == "none"


def test_intact_credentials_from_an_unknown_signer_are_valid(signed):
    found = read_credentials(signed / "signed.jpg", "image/jpeg")
    assert found.status == "valid" and found.reasons == ("signingCredential.untrusted",)
    assert found.manifest["active_manifest"]


def test_credentials_under_a_named_trust_anchor_are_trusted(signed):
    found = read_credentials(signed / "signed.jpg", "image/jpeg", trust_anchors=str(signed / "anchors.pem"))
    assert found.status == "trusted" and found.reasons == ()


def test_a_photo_altered_after_signing_is_invalid(signed, tmp_path):
    data = bytearray((signed / "signed.jpg").read_bytes())
    data[-100] ^= 0xFF  # one byte of the picture
    (tmp_path / "altered.jpg").write_bytes(bytes(data))
    found = read_credentials(tmp_path / "altered.jpg", "image/jpeg")
    assert found.status == "invalid" and "assertion.dataHash.mismatch" in found.reasons


def test_the_result_is_recorded_in_custody_at_ingest(signed, run_cli):
    run_cli("ingest", "--no-extract", str(signed / "signed.jpg"), env={"ATHAR_MEDIA__OCR": "false"})
    result = run_cli("media", "list", "--json")
    assert '"provenance": "valid"' in result.output
    shown = run_cli("media", "show", "--json", hashlib.sha256((signed / "signed.jpg").read_bytes()).hexdigest()[:12])
    entry = next(e for e in json.loads(shown.output)["custody"] if e["action"] == "analyse-media")
    assert entry["details"]["provenance"] == "valid"
