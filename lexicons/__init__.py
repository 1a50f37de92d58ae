"""Not a rule file: it makes pip install this folder (as the data package ``zwgk_lexicons``) so that an installed
zwgk finds the rules. Edit the YAML files beside it; copies of this folder (``ZWGK_LEXICONS``) do not need it."""
