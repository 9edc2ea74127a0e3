"""Signal PME: the ministry's chat assistant for marketplace sellers' testimonies."""
