"""One repository per aggregate, each implementing its domain port."""
