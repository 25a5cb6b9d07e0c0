import logging

from desktop.domain.masking import mask_id_number, mask_name, mask_phone, mask_text
from desktop.logging_setup import setup_logging


def test_log_file_never_holds_a_full_id_number_phone_or_token(tmp_path):
    path = setup_logging(tmp_path / "logs")
    log = logging.getLogger("onewindow.test")
    log.info("applicant %s phone %s", "11010519491231002X", "13812345678")
    log.warning("server said Bearer abcdef0123456789xyz for org 11440232MB2D06811W")
    try:
        raise ValueError("bad id 440524188001010014")
    except ValueError:
        log.exception("lookup failed")
    for handler in logging.getLogger("onewindow").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    for secret in ("11010519491231002X", "13812345678", "abcdef0123456789xyz", "11440232MB2D06811W",
                   "440524188001010014"):
        assert secret not in text
    assert "1101**********002X" in text and "138****5678" in text


def test_masks_keep_just_enough_for_the_clerk_to_confirm():
    assert mask_id_number("62010219900101123X") == "6201**********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("欧阳娜娜") == "欧**娜" and mask_name("张三") == "张*"


def test_acceptance_numbers_are_not_mistaken_for_personal_data():
    assert mask_text("accepted 620100-W03-20261125-0007") == "accepted 620100-W03-20261125-0007"


def test_identifiers_made_of_hex_are_not_mistaken_for_phone_numbers():
    # a UUID's last group can hold 11 digits after a letter; it is not a mobile number
    uuid = "9f1c2d3e-4b5a-4c6d-8e7f-a13812345678"
    assert mask_text(f"case {uuid}") == f"case {uuid}"
    assert mask_text("call 13812345678.") == "call 138****5678."
