module github.com/rules-accel/rules_accel

go 1.22
