"""What tests need to fill in the portal's forms as a browser would."""

import re


def token_of(page: str) -> str:
    """The one-time token a New form carries (blmk_portal.edit_views), which its post must send back."""
    return re.search(r'name="submission" value="([0-9a-f-]+)"', page).group(1)
