# coding: utf-8
x = "aä¸"