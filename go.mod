module github.com/treatycond/treatycond

go 1.26
