# The RFC vectors (tests/vectors/rfc-vectors, a copy of ../shared/rfc-vectors) through the real tool and NSD.
.PHONY: check-vectors
check-vectors: $(TOOL)
	O=$(O) tests/vectors/check-rfc-vectors.py

CHECK_TARGETS += check-vectors
