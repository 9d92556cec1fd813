"""Loaders for the course's data: the cat images (``cat``) and the 2-D planar sets (``planar``)."""

from datasets.cat import DatasetError, flatten_and_scale, load_cat_dataset
from datasets.planar import load_extra_datasets, load_planar_dataset

__all__ = [
    "DatasetError",
    "flatten_and_scale",
    "load_cat_dataset",
    "load_extra_datasets",
    "load_planar_dataset",
]
